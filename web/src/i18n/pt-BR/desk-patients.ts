import type { Messages } from '../en.js';

/** Os textos de the desk's patients, walk-ins and booking for a patient em português. */
export const deskPatients: Messages['deskPatients'] = {
  title: 'Pacientes',
};
