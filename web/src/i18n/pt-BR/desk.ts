import type { Messages } from '../en.js';

/** Os textos de the front desk's board em português. */
export const desk: Messages['desk'] = {
  title: 'Hoje na recepção',
};
