/** Every text of the web app in English; pt-BR.ts has the same keys (a test checks it). */
export const en = {
  app: {
    skipToContent: 'Skip to content',
    language: 'Language',
    signOut: 'Sign out',
    loading: 'Loading…',
    offline: 'You seem to be offline. Check your connection; we will keep trying.',
    failed: 'Something went wrong. Try again in a moment.',
    retry: 'Try again',
  },
  languages: { 'pt-BR': 'Português (Brasil)', en: 'English' },
  signIn: {
    title: 'Sign in',
    intro: 'Sign in to see your appointments, records and results.',
    email: 'E-mail',
    password: 'Password',
    submit: 'Sign in',
    emailRequired: 'Enter your e-mail.',
    passwordRequired: 'Enter your password.',
  },
  dashboard: {
    greeting: 'Hello, {{name}}',
    nextAppointment: 'Your next appointment',
    noneAhead: 'You have no appointments ahead.',
    with: 'with {{name}}',
    room: 'Room {{room}}',
    ticket: 'Ticket {{ticket}}',
    tiles: {
      upcoming_one: '{{count}} upcoming appointment',
      upcoming_other: '{{count}} upcoming appointments',
      consultations_one: '{{count}} past consultation',
      consultations_other: '{{count}} past consultations',
      labReports_one: '{{count}} lab report',
      labReports_other: '{{count}} lab reports',
      labReportsReady_one: '{{count}} ready to see',
      labReportsReady_other: '{{count}} ready to see',
      labReportsReadyNone: 'none ready yet',
      labReportsNone: 'No reports yet',
    },
    staff: 'Your work screens are on their way. Until then, the API explorer has every operation.',
    openApi: 'Open the API explorer',
  },
  nav: {
    label: 'Your pages',
    home: 'Home',
    appointments: 'Appointments',
    records: 'My records',
  },
  appointments: {
    title: 'Appointments',
    upcoming: 'Upcoming',
    past: 'Past',
    noneUpcoming: 'You have no appointments ahead.',
    nonePast: 'No past appointments yet.',
    cancel: 'Cancel',
    cancelTitle: 'Cancel this appointment?',
    cancelReason: 'Reason (optional)',
    cancelConfirm: 'Cancel the appointment',
    keep: 'Keep it',
    cancelled: 'The appointment was cancelled.',
    status: {
      scheduled: 'Scheduled',
      checked_in: 'Checked in',
      in_progress: 'In the room',
      finished: 'Done',
      cancelled: 'Cancelled',
      no_show: 'Missed',
    },
    cancelReasonShown: 'Reason: {{reason}}',
  },
  records: {
    title: 'My records',
    consultations: 'Consultations',
    noConsultations: 'No consultations yet.',
    diagnoses: 'Diagnoses',
    followUp: 'Follow-up',
    prescriptions: 'Prescriptions',
    prescriptionItems_one: 'Prescription with {{count}} item',
    prescriptionItems_other: 'Prescription with {{count}} items',
    downloadPdf: 'Download the PDF',
    revoked: 'Revoked',
    labReports: 'Lab reports',
    noLabReports: 'No reports yet.',
    pending: 'Waiting for the result',
    ready: 'Ready',
    download: 'Download the result',
    requestedOn: 'Requested on {{date}}',
    downloadRecord: 'Download my whole record (ZIP)',
  },
  notFound: {
    title: 'This page does not exist',
    body: 'The link may be old, or mistyped.',
    home: 'Go to the start page',
  },
};

/**
 * What every language fills: the keys of en.ts, and the extra plural forms its grammar has
 * (Portuguese's `many`, for millions).
 */
export type Messages = Translation<typeof en>;
type PluralForm = 'zero' | 'two' | 'few' | 'many';
type Translation<T> = {
  [K in keyof T]: T[K] extends string ? string : Translation<T[K]> & PluralForms;
};
type PluralForms = { [key: `${string}_${PluralForm}`]: string };
