import type { Messages } from '../en.js';

/** Os textos de the professional's day, consultation and schedule em português. */
export const day: Messages['day'] = {
  title: 'Meu dia',
};
