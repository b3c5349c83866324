/** The English texts of the delivery log, the audit log and the lab reports (pt-BR/logs.ts has the same keys). */
export const logs = {
  title: 'Messages sent',
};
