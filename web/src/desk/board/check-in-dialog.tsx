import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../app/problem-alert';
import { useClinicTime } from '../../time/use-clinic-time';
import { boardActions, useAppointmentAction, type DeclaredPriority } from './board-actions';
import type { BoardAppointment } from './board-types';

/** The priorities the desk declares, as the API's enum has them (src/modules/queue/priority.ts). */
const declared: readonly DeclaredPriority[] = ['pregnant', 'disability', 'infant', 'other'];
const NONE = 'none';

/**
 * The patient arrived: any legal priority the desk sees is declared here. Age is not asked:
 * the API derives 60+ and 80+ from the birth date.
 */
export function CheckInDialog({
  appointment,
  onClose,
}: {
  appointment: BoardAppointment;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { time } = useClinicTime();
  const phone = useMediaQuery('(max-width: 36em)');
  const [priority, setPriority] = useState<string>(NONE);
  const checkIn = useAppointmentAction(boardActions.checkIn);
  const submit = () => {
    const body =
      priority === NONE ? {} : { priority: true, priorityReason: priority as DeclaredPriority };
    checkIn.mutate({ id: appointment.id, body }, { onSuccess: onClose });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('desk.checkIn.title', { name: appointment.patient.name })}
      closeButtonProps={{ 'aria-label': t('desk.checkIn.back') }}
      fullScreen={phone}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack>
          <Text c="dimmed">
            {t('desk.checkIn.appointment', {
              time: time(appointment.startsAt),
              professional: appointment.professional.name,
            })}
          </Text>
          <Radio.Group
            label={t('desk.checkIn.legend')}
            description={t('desk.checkIn.ageNote')}
            value={priority}
            onChange={setPriority}
          >
            <Stack gap="xs" mt="xs">
              <Radio value={NONE} label={t('desk.checkIn.none')} />
              {declared.map((reason) => (
                <Radio key={reason} value={reason} label={t(`desk.checkIn.${reason}`)} />
              ))}
            </Stack>
          </Radio.Group>
          {checkIn.error && <ProblemAlert error={checkIn.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('desk.checkIn.back')}
            </Button>
            <Button type="submit" loading={checkIn.isPending}>
              {t('desk.checkIn.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
