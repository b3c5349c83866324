import { Button, Group, type ButtonProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/**
 * What a patient may do to a scheduled appointment: reschedule, cancel (the dialog where there
 * is one, else the appointments page that has it) and add it to a calendar (AddToCalendar).
 */
export function AppointmentActions({
  appointmentId,
  onCancel,
  size,
}: {
  appointmentId: string;
  onCancel?: () => void;
  size: ButtonProps['size'];
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" mt="sm">
      <Button
        size={size}
        variant="default"
        component={Link}
        to={`/appointments/${appointmentId}/reschedule`}
      >
        {t('appointments.reschedule')}
      </Button>
      {onCancel ? (
        <Button size={size} variant="default" onClick={onCancel}>
          {t('appointments.cancel')}
        </Button>
      ) : (
        <Button size={size} variant="default" component={Link} to="/appointments">
          {t('appointments.cancel')}
        </Button>
      )}
      <AddToCalendar appointmentId={appointmentId} size={size} variant="subtle" />
    </Group>
  );
}

/** The appointment as an `.ics` file for the patient's calendar app (the API writes it). */
export function AddToCalendar({
  appointmentId,
  size,
  variant,
}: {
  appointmentId: string;
  size?: ButtonProps['size'];
  variant: ButtonProps['variant'];
}) {
  const { t } = useTranslation();
  return (
    <Button
      size={size}
      variant={variant}
      component="a"
      href={`/api/v1/appointments/${appointmentId}/calendar.ics`}
      download="appointment.ics"
    >
      {t('appointments.addToCalendar')}
    </Button>
  );
}
