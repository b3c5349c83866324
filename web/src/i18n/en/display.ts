/** The English texts of the waiting-room screen (pt-BR/display.ts has the same keys). */
export const display = {
  title: 'Waiting room',
  room: 'Room {{room}}',
  nowCalling: 'Now calling',
  lastCalls: 'Last calls',
  noCallsYet: 'No one has been called yet today',
  waitForYourTicket: 'Please wait: your ticket will show here when you are called.',
  noEarlierCalls: 'The earlier calls will show here.',
  calledAt: 'Called at {{time}}',
  clock: 'Time at the clinic',
  status: {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Reconnecting…',
  },
  enableSound: 'Click or press any key to turn the sound on',
  soundOn: 'Sound on',
  unauthorisedTitle: 'This screen is no longer authorised',
  unauthorisedBody: 'Ask the front desk for a new link.',
  /** Spoken: the ticket spelt out ("P 0 0 2"), then where to go. Always said in pt-BR. */
  announceRoom: 'Ticket {{ticket}}, room {{room}}',
  announcePlace: 'Ticket {{ticket}}, {{place}}',
};
