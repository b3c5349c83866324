/** The English texts of the waiting-room screen (pt-BR/display.ts has the same keys). */
export const display = {
  title: 'Waiting room',
};
