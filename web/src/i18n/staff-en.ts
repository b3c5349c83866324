import type { Translation } from './en.js';
import { clinicSettings } from './en/clinic-settings.js';
import { day } from './en/day.js';
import { deskPatients } from './en/desk-patients.js';
import { desk } from './en/desk.js';
import type { display } from './en/display.js';
import { logs } from './en/logs.js';

/**
 * The staff's texts in English, apart from entry-en.ts so that they download with the staff's
 * chunks (staff.ts) rather than with every visitor's first page. staff-pt-BR.ts has the same keys
 * (a test checks it). The waiting-room screen's (en/display.ts) come alone with the screen
 * (waiting-room.ts): it needs none of these.
 */
export const staffEn = { desk, deskPatients, day, clinicSettings, logs };

export type StaffMessages = Translation<typeof staffEn>;
export type DisplayMessages = Translation<{ display: typeof display }>;
