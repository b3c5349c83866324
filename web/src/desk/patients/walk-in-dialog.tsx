import { Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../../api/types';
import { PatientForm } from './patient-form';
import { PatientPicker } from './patient-picker';
import { WalkInDetails } from './walk-in-details';

type Appointment = Ok<'/api/v1/appointments/walk-ins', 'post'>;
type Chosen = { registerNumber: string; name: string; birthDate: string };

/**
 * A patient without an appointment, in one dialog: find them (or register them here), then
 * whom they see and any legal priority; they are booked for now and checked in, and the dialog
 * shows the ticket to hand them.
 */
export function WalkInDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const [patient, setPatient] = useState<Chosen>();
  const [registering, setRegistering] = useState(false);
  const [done, setDone] = useState<Appointment>();
  const restart = () => {
    setPatient(undefined);
    setRegistering(false);
    setDone(undefined);
  };
  const close = () => {
    restart();
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('deskPatients.walkIn.title')}
      closeButtonProps={{ 'aria-label': t('deskPatients.walkIn.close') }}
      size="xl"
      fullScreen={phone}
    >
      {done ? (
        <Ticket appointment={done} onAnother={restart} onClose={close} />
      ) : !patient ? (
        <Stack>
          <Title order={2} size="h4">
            {t('deskPatients.walkIn.step1')}
          </Title>
          {registering ? (
            <>
              <PatientForm
                submitLabel={t('deskPatients.walkIn.registerAndContinue')}
                onSaved={(saved) => setPatient(saved)}
              />
              <Button
                variant="subtle"
                onClick={() => setRegistering(false)}
                style={{ alignSelf: 'flex-start' }}
              >
                {t('deskPatients.walkIn.backToSearch')}
              </Button>
            </>
          ) : (
            <>
              <PatientPicker autoFocus onChoose={setPatient} />
              <Group gap="xs">
                <Text size="sm">{t('deskPatients.book.notRegistered')}</Text>
                <Button size="xs" variant="default" onClick={() => setRegistering(true)}>
                  {t('deskPatients.register')}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      ) : (
        <WalkInDetails patient={patient} onBack={() => setPatient(undefined)} onDone={setDone} />
      )}
    </Modal>
  );
}

/** The ticket given: large, for reading it out to the patient. */
function Ticket({
  appointment,
  onAnother,
  onClose,
}: {
  appointment: Appointment;
  onAnother: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" role="status" align="flex-start">
      <Text>{t('deskPatients.walkIn.done', { name: appointment.patient.name })}</Text>
      <Text size="sm" c="dimmed">
        {t('deskPatients.walkIn.ticket')}
      </Text>
      <Text fz={56} fw={700} ff="monospace" lh={1}>
        {appointment.ticket}
      </Text>
      <Text>
        {appointment.professional.name} · {appointment.professional.specialty}
        {appointment.professional.officeNumber
          ? ` · ${t('professional.office', { office: appointment.professional.officeNumber })}`
          : ''}
      </Text>
      {appointment.priorityReason && (
        <Text size="sm">
          {t('deskPatients.walkIn.priorityGiven', {
            reason: t(`deskPatients.priority.${appointment.priorityReason}`),
          })}
        </Text>
      )}
      <Group mt="sm">
        <Button onClick={onClose}>{t('deskPatients.walkIn.finish')}</Button>
        <Button variant="default" onClick={onAnother}>
          {t('deskPatients.walkIn.another')}
        </Button>
      </Group>
    </Stack>
  );
}
