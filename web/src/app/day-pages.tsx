// The professional's pages: one chunk, loaded once a professional signs in.
import '../i18n/staff';
export { ConsultationPage } from '../day/consultation-page';
export { DayPage } from '../day/day-page';
export { MySchedulePage } from '../schedule/my-schedule-page';
