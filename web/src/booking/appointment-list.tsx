import { Stack, Tabs } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryList } from '../app/query-list';
import { patientAppointmentsQuery } from '../desk/patients/desk-queries';
import type { ListedAppointment } from './appointment-card';
import { CancelAppointmentDialog } from './cancel-appointment-dialog';

export type When = 'upcoming' | 'past';

/**
 * A patient's appointments in two tabs, ahead and behind, each loaded when shown: the portal's
 * own list and the desk's list on a patient's record.
 */
export function AppointmentTabs({
  tab,
  onChange,
  children,
}: {
  tab: When;
  onChange: (tab: When) => void;
  children: (when: When) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Tabs
      value={tab}
      onChange={(value) => onChange(value === 'past' ? 'past' : 'upcoming')}
      keepMounted={false}
    >
      <Tabs.List>
        <Tabs.Tab value="upcoming">{t('appointments.upcoming')}</Tabs.Tab>
        <Tabs.Tab value="past">{t('appointments.past')}</Tabs.Tab>
      </Tabs.List>
      {(['upcoming', 'past'] as const).map((when) => (
        <Tabs.Panel key={when} value={when} pt="md">
          {children(when)}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

/** One tab's appointments, each drawn by `card`, whose `onCancel` opens the cancel dialog. */
export function AppointmentList({
  registerNumber,
  when,
  empty,
  cancelNotice,
  card,
}: {
  registerNumber: string;
  when: When;
  empty: string;
  cancelNotice?: string;
  card: (appointment: ListedAppointment, onCancel: () => void) => ReactNode;
}) {
  const list = useQuery(patientAppointmentsQuery(registerNumber, when));
  const [cancelling, setCancelling] = useState<ListedAppointment>();
  return (
    <Stack gap="sm">
      <QueryList query={list} empty={empty}>
        {(appointment) => card(appointment, () => setCancelling(appointment))}
      </QueryList>
      {cancelling && (
        <CancelAppointmentDialog
          appointment={cancelling}
          notice={cancelNotice}
          onClose={() => setCancelling(undefined)}
        />
      )}
    </Stack>
  );
}
