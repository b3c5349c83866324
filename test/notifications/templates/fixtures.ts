import type {
  AppointmentFacts,
  RenderInput,
} from '../../../src/modules/notifications/templates/index.js';

export const appointment: AppointmentFacts = {
  appointmentId: '5b0c7d1e-0000-4000-8000-000000000001',
  startsAt: '2026-12-07T09:00:00-03:00',
  endsAt: '2026-12-07T09:30:00-03:00',
  timeZone: 'America/Sao_Paulo',
  reason: 'Check-up',
  cancelReason: null,
  patient: { name: 'Ana Souza', registerNumber: 'ZxcVaS-2' },
  professional: {
    name: 'Dr. Caio',
    councilNumber: '9876-RJ',
    specialty: 'Clínica Geral',
    officeNumber: '12',
  },
  changes: [],
};

/** A patient's input (the professional's differs by audience and recipient name). */
export function input(overrides: Partial<RenderInput> = {}): RenderInput {
  return {
    kind: 'appointment.booked',
    audience: 'patient',
    language: 'pt-BR',
    recipientName: 'Ana Souza',
    clinicName: 'Clínica Boa Saúde',
    publicUrl: 'https://agenda.example',
    appointment,
    ...overrides,
  };
}

/** Everything any kind may need. */
export function fullInput(overrides: Partial<RenderInput> = {}): RenderInput {
  return input({
    code: { value: '123456', minutes: 10 },
    // A day before the appointment (Monday 09:00 in São Paulo).
    sentAt: '2026-12-06T12:00:00Z',
    labReport: { lab: 'Laboratório Central' },
    occurredAt: '2026-12-07T12:00:00Z',
    timeZone: 'America/Sao_Paulo',
    appointment: {
      ...appointment,
      cancelReason: 'Médico em congresso',
      changes: [
        { field: 'startsAt', from: '2026-12-07T08:00:00-03:00', to: '2026-12-07T09:00:00-03:00' },
        { field: 'endsAt', from: '2026-12-07T08:30:00-03:00', to: '2026-12-07T09:30:00-03:00' },
      ],
    },
    ...overrides,
  });
}
