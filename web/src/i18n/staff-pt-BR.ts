import type { StaffMessages } from './staff-en.js';
import { clinicSettings } from './pt-BR/clinic-settings.js';
import { day } from './pt-BR/day.js';
import { deskPatients } from './pt-BR/desk-patients.js';
import { desk } from './pt-BR/desk.js';
import { logs } from './pt-BR/logs.js';

/** The staff's texts in Brazilian Portuguese, with the keys of staff-en.ts. */
export const staffPtBR: StaffMessages = { desk, deskPatients, day, clinicSettings, logs };
