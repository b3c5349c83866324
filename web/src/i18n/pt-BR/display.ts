import type { Messages } from '../en.js';

/** Os textos de the waiting-room screen em português. */
export const display: Messages['display'] = {
  title: 'Sala de espera',
};
