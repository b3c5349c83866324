/** The English texts of the clinic's settings: professionals, admins, screens (pt-BR/clinicSettings.ts has the same keys). */
export const clinicSettings = {
  title: 'Settings',
};
