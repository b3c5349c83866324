import type { Messages } from '../en.js';

/** Os textos de the delivery log, the audit log and the lab reports em português. */
export const logs: Messages['logs'] = {
  title: 'Mensagens enviadas',
};
