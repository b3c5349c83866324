import type { DisplayMessages } from '../staff-en.js';

/** Os textos da tela da sala de espera em português. */
export const display: DisplayMessages['display'] = {
  title: 'Sala de espera',
  room: 'Consultório {{room}}',
  nowCalling: 'Chamando agora',
  lastCalls: 'Últimas chamadas',
  noCallsYet: 'Ninguém foi chamado ainda hoje',
  waitForYourTicket: 'Aguarde: a sua senha aparece aqui quando for chamada.',
  noEarlierCalls: 'As chamadas anteriores aparecem aqui.',
  calledAt: 'Chamada às {{time}}',
  clock: 'Horário da clínica',
  status: {
    connecting: 'Conectando…',
    live: 'Ao vivo',
    reconnecting: 'Reconectando…',
  },
  enableSound: 'Clique ou aperte qualquer tecla para ativar o som',
  soundOn: 'Som ativado',
  unauthorisedTitle: 'Esta tela não está mais autorizada',
  unauthorisedBody: 'Peça um novo link à recepção.',
  announceRoom: 'Senha {{ticket}}, consultório {{room}}',
  announcePlace: 'Senha {{ticket}}, {{place}}',
};
