import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { clinicQuery } from '../session/queries';
import { addDays, dayIn, formatDay } from './days';
import { formatDate, formatDateTime, formatTime } from './format';

/**
 * Times as the signed-in pages show them: in the clinic's zone and the user's language. The
 * signed-in pages render once the clinic is known (app.tsx), so no other zone is ever guessed.
 */
export function useClinicTime() {
  const { i18n } = useTranslation();
  const clinic = useQuery(clinicQuery);
  const timeZone = clinic.data?.timeZone;
  if (!clinic.data || !timeZone) {
    throw new Error('useClinicTime needs the clinic loaded (a signed-in page)');
  }
  return {
    timeZone,
    dateTime: (iso: string) => formatDateTime(iso, timeZone, i18n.language),
    date: (iso: string) => formatDate(iso, timeZone, i18n.language),
    time: (iso: string) => formatTime(iso, timeZone, i18n.language),
    dayOf: (iso: string) => dayIn(iso, timeZone),
    day: (day: string) => formatDay(day, i18n.language),
    /** Today on the clinic's calendar, by the server's clock. */
    today: clinic.data.today,
    /** The last day patients may book: the booking horizon from today. */
    lastBookableDay: addDays(clinic.data.today, clinic.data.bookingHorizonDays),
  };
}
