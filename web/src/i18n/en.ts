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
  notFound: {
    title: 'This page does not exist',
    body: 'The link may be old, or mistyped.',
    home: 'Go to the start page',
  },
};

export type Messages = typeof en;
