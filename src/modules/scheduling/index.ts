// The scheduling module's front door: what other modules and src/services.ts may use. Its
// tables (working hours, time off, appointments and their history, calendar feeds) are read
// elsewhere only through the queries of read-queries.ts, and written only here: every status
// change of an appointment goes through its lifecycle.
export type { AppointmentRecord } from './appointment-records.js';
export { assertTransition } from './appointment-status.js';
export { AppointmentListsService } from './appointment-lists-service.js';
export { appointmentsRoutes } from './appointments-routes.js';
export { Appointment, AppointmentParams, type AppointmentView } from './appointments-schemas.js';
export { AppointmentsService } from './appointments-service.js';
export { AvailabilityService, slotMinutesOf } from './availability-service.js';
export { lockProfessional } from './calendar-locks.js';
export { calendarRoutes } from './calendar-routes.js';
export { CalendarService } from './calendar-service.js';
export {
  appointmentById,
  appointmentHistoryRelation,
  appointmentStillAt,
  appointmentsRelation,
  appointmentsStartingIn,
  finishedAppointmentsOf,
  professionalsWorkingOn,
  remindableAppointments,
} from './read-queries.js';
export { availabilityRoutes } from './availability-routes.js';
export type { WeeklyRange } from './slots.js';
export { DISPLAY_CHANNEL, QUEUE_CHANNEL, ticketLabel } from './tickets.js';
