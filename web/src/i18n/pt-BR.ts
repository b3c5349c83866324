import type { Messages } from './en.js';

/**
 * Every text of the web app in Brazilian Portuguese, with the keys of en.ts. Portuguese has a
 * third plural form, `many`, for millions ("1 milhão de consultas"): here it reads as `other`.
 */
export const ptBR: Messages & { dashboard: { tiles: Record<string, string> } } = {
  app: {
    skipToContent: 'Pular para o conteúdo',
    language: 'Idioma',
    signOut: 'Sair',
    loading: 'Carregando…',
    offline: 'Parece que você está sem conexão. Verifique a internet; vamos continuar tentando.',
    failed: 'Algo deu errado. Tente novamente em instantes.',
    retry: 'Tentar de novo',
  },
  languages: { 'pt-BR': 'Português (Brasil)', en: 'English' },
  signIn: {
    title: 'Entrar',
    intro: 'Entre para ver suas consultas, seu prontuário e seus resultados de exames.',
    email: 'E-mail',
    password: 'Senha',
    submit: 'Entrar',
    emailRequired: 'Informe seu e-mail.',
    passwordRequired: 'Informe sua senha.',
  },
  dashboard: {
    greeting: 'Olá, {{name}}',
    nextAppointment: 'Sua próxima consulta',
    noneAhead: 'Você não tem consultas marcadas.',
    with: 'com {{name}}',
    room: 'Sala {{room}}',
    ticket: 'Senha {{ticket}}',
    tiles: {
      upcoming_one: '{{count}} consulta marcada',
      upcoming_other: '{{count}} consultas marcadas',
      upcoming_many: '{{count}} consultas marcadas',
      consultations_one: '{{count}} consulta realizada',
      consultations_other: '{{count}} consultas realizadas',
      consultations_many: '{{count}} consultas realizadas',
      labReports_one: '{{count}} exame',
      labReports_other: '{{count}} exames',
      labReports_many: '{{count}} exames',
      labReportsReady_one: '{{count}} pronto para ver',
      labReportsReady_other: '{{count}} prontos para ver',
      labReportsReady_many: '{{count}} prontos para ver',
      labReportsReadyNone: 'nenhum pronto ainda',
      labReportsNone: 'Nenhum exame ainda',
    },
    staff:
      'Suas telas de trabalho estão a caminho. Até lá, o explorador da API tem todas as operações.',
    openApi: 'Abrir o explorador da API',
  },
  notFound: {
    title: 'Esta página não existe',
    body: 'O link pode ser antigo ou ter sido digitado errado.',
    home: 'Ir para a página inicial',
  },
};
