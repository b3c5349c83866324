// The patients' pages: one chunk of their own (app.tsx loads it lazily), so the signed-out
// pages do not download them, nor the staff's pages theirs.
export { BookingPage } from '../booking/booking-page';
export { ReschedulePage } from '../booking/reschedule-page';
export { AppointmentsPage } from '../pages/appointments-page';
export { DashboardPage } from '../pages/dashboard-page';
export { RecordsPage } from '../pages/records-page';
export { VerifyPage } from '../pages/verify-page';
