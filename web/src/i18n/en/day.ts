/** The English texts of the professional's day, consultation and schedule (pt-BR/day.ts has the same keys). */
export const day = {
  title: 'My day',
};
