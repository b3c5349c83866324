import type { Messages } from './en.js';
import { entryPtBR } from './entry-pt-BR.js';
import { display } from './pt-BR/display.js';
import { staffPtBR } from './staff-pt-BR.js';

/** Every text of the web app in Brazilian Portuguese, with the keys of en.ts, in the same parts. */
export const ptBR: Messages = { ...entryPtBR, ...staffPtBR, display };
