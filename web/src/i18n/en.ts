import { display } from './en/display.js';
import { entryEn } from './entry-en.js';
import { staffEn } from './staff-en.js';

/**
 * Every text of the web app in English; pt-BR.ts has the same keys (a test checks it). The app
 * downloads them in parts: the entry's (entry-en.ts) with the first page, the staff's
 * (staff-en.ts) with the staff's chunks, which add them (staff.ts), and the waiting-room
 * screen's (en/display.ts) with the screen (waiting-room.ts).
 */
export const en = { ...entryEn, ...staffEn, display };

/**
 * What every language fills: the keys of en.ts, and the extra plural forms its grammar has
 * (Portuguese's `many`, for millions).
 */
export type Messages = Translation<typeof en>;
type PluralForm = 'zero' | 'two' | 'few' | 'many';
export type Translation<T> = {
  [K in keyof T]: T[K] extends string ? string : Translation<T[K]> & PluralForms;
};
type PluralForms = { [key: `${string}_${PluralForm}`]: string };
