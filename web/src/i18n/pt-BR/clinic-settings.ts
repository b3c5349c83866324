import type { Messages } from '../en.js';

/** Os textos de the clinic's settings: professionals, admins, screens em português. */
export const clinicSettings: Messages['clinicSettings'] = {
  title: 'Configurações',
};
