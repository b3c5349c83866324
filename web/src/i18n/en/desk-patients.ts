/** The English texts of the desk's patients, walk-ins and booking for a patient (pt-BR/deskPatients.ts has the same keys). */
export const deskPatients = {
  title: 'Patients',
};
