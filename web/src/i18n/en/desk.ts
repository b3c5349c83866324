/** The English texts of the front desk's board (pt-BR/desk.ts has the same keys). */
export const desk = {
  title: 'Today at the front desk',
};
