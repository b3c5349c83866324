import type { AddressInput } from '../modules/people/index.js';
import type { WeeklyRange } from '../modules/scheduling/index.js';

/**
 * The demo clinic, a small practice in Rio de Janeiro: who works there, who comes, and what
 * they say. E-mail addresses are under the reserved `example` names (RFC 2606), so nothing
 * written to them can reach anyone.
 */
export const DEMO_CLINIC = 'Clínica Vida Plena';
export const DEMO_ADMIN = {
  name: 'Recepção Vida Plena',
  email: 'recepcao@vidaplena.example',
};

export type Specialty = 'Cardiologia' | 'Pediatria' | 'Dermatologia' | 'Ortopedia';

export interface DemoProfessional {
  name: string;
  email: string;
  phone: string;
  gender: 'female' | 'male';
  birthDate: string;
  specialty: Specialty;
  /** The four digits; the state comes from the CEP. */
  councilDigits: string;
  address: AddressInput;
  officeNumber: string;
  experienceYears: number;
  bio: string;
  slotMinutes: number;
  weekly: WeeklyRange[];
  /** Sees children (under 14) rather than adults. */
  children: boolean;
}

const weekdays = (ranges: [start: string, end: string][], days = [1, 2, 3, 4, 5]) =>
  days.flatMap((weekday) => ranges.map(([start, end]) => ({ weekday, start, end })));

export const professionals: DemoProfessional[] = [
  {
    name: 'Ana Beatriz Carvalho',
    email: 'ana.carvalho@vidaplena.example',
    phone: '+55 21 99812-4410',
    gender: 'female',
    birthDate: '1979-04-12',
    specialty: 'Cardiologia',
    councilDigits: '4821',
    address: {
      postCode: '22041-011',
      street: 'Rua Santa Clara',
      houseNumber: '75',
      complement: 'apto 802',
      district: 'Copacabana',
      city: 'Rio de Janeiro',
    },
    officeNumber: '101',
    experienceYears: 19,
    bio: 'Cardiologista clínica, com foco em prevenção e hipertensão.',
    slotMinutes: 30,
    weekly: weekdays([
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ]),
    children: false,
  },
  {
    name: 'Ricardo Mendes Figueiredo',
    email: 'ricardo.figueiredo@vidaplena.example',
    phone: '+55 21 98765-2231',
    gender: 'male',
    birthDate: '1984-09-03',
    specialty: 'Pediatria',
    councilDigits: '3175',
    address: {
      postCode: '22451-040',
      street: 'Rua Marquês de São Vicente',
      houseNumber: '210',
      district: 'Gávea',
      city: 'Rio de Janeiro',
    },
    officeNumber: '102',
    experienceYears: 13,
    bio: 'Pediatra; acompanhamento do crescimento, vacinas e doenças da infância.',
    slotMinutes: 20,
    weekly: [...weekdays([['08:00', '12:00']]), ...weekdays([['14:00', '18:00']], [2, 4])],
    children: true,
  },
  {
    name: 'Juliana Pereira Santos',
    email: 'juliana.santos@vidaplena.example',
    phone: '+55 21 99654-7788',
    gender: 'female',
    birthDate: '1988-01-25',
    specialty: 'Dermatologia',
    councilDigits: '5093',
    address: {
      postCode: '24220-031',
      street: 'Rua Moreira César',
      houseNumber: '330',
      complement: 'sala 4',
      district: 'Icaraí',
      city: 'Niterói',
    },
    officeNumber: '201',
    experienceYears: 9,
    bio: 'Dermatologia clínica: acne, manchas e acompanhamento de pintas.',
    slotMinutes: 30,
    weekly: weekdays([
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ]),
    children: false,
  },
  {
    // Lives in Juiz de Fora: the council number carries MG, the state of the CEP.
    name: 'Fernando Almeida Costa',
    email: 'fernando.costa@vidaplena.example',
    phone: '+55 32 99123-5567',
    gender: 'male',
    birthDate: '1972-06-18',
    specialty: 'Ortopedia',
    councilDigits: '6248',
    address: {
      postCode: '36016-000',
      street: 'Avenida Barão do Rio Branco',
      houseNumber: '2500',
      district: 'Centro',
      city: 'Juiz de Fora',
    },
    officeNumber: '202',
    experienceYears: 25,
    bio: 'Ortopedia e traumatologia: joelho, coluna e lesões do esporte.',
    slotMinutes: 30,
    weekly: weekdays([['13:00', '19:00']]),
    children: false,
  },
];

export interface DemoPatient {
  name: string;
  email: string;
  gender: 'female' | 'male';
  birthDate: string;
  address: AddressInput;
  language?: 'pt-BR' | 'en';
  /** Signed up online with a password; the others were registered at the front desk. */
  signedUp: boolean;
  /** Opted in to WhatsApp messages. */
  whatsapp?: boolean;
  /** Declares a legal priority at check-in (pregnant, with an infant, …). */
  declares?: 'pregnant' | 'infant' | 'disability';
}

const rio = (postCode: string, street: string, houseNumber: string, district: string) => ({
  postCode,
  street,
  houseNumber,
  district,
  city: 'Rio de Janeiro',
});

export const patients: DemoPatient[] = [
  {
    // The demo patient: signed up, opted in to WhatsApp, with appointments ahead.
    name: 'Mariana Souza Ribeiro',
    email: 'mariana.ribeiro@example.com',
    gender: 'female',
    birthDate: '1990-03-14',
    address: rio('22290-030', 'Rua Voluntários da Pátria', '118', 'Botafogo'),
    signedUp: true,
    whatsapp: true,
  },
  {
    name: 'Carlos Eduardo Nunes',
    email: 'carlos.nunes@example.com',
    gender: 'male',
    birthDate: '1975-07-22',
    address: rio('22410-002', 'Rua Visconde de Pirajá', '414', 'Ipanema'),
    signedUp: true,
  },
  {
    name: 'Fernanda Lima Barbosa',
    email: 'fernanda.barbosa@example.com',
    gender: 'female',
    birthDate: '1993-12-05',
    address: rio('20550-013', 'Rua Conde de Bonfim', '620', 'Tijuca'),
    signedUp: true,
    whatsapp: true,
    declares: 'pregnant',
  },
  {
    // Aged 80 or more: first in any queue, from the birth date alone.
    name: 'José Antônio da Silva',
    email: 'jose.silva@example.com',
    gender: 'male',
    birthDate: '1941-02-10',
    address: rio('20211-110', 'Rua Senador Pompeu', '51', 'Centro'),
    signedUp: false,
  },
  {
    name: 'Maria das Graças Pereira',
    email: 'gracas.pereira@example.com',
    gender: 'female',
    birthDate: '1957-06-30',
    address: rio('22230-060', 'Rua Marquês de Abrantes', '92', 'Flamengo'),
    signedUp: false,
  },
  {
    name: 'Paulo Henrique Moreira',
    email: 'paulo.moreira@example.com',
    gender: 'male',
    birthDate: '1962-10-08',
    address: rio('22631-000', 'Avenida das Américas', '3000', 'Barra da Tijuca'),
    signedUp: true,
  },
  {
    name: 'Beatriz Gomes Teixeira',
    email: 'beatriz.teixeira@example.com',
    gender: 'female',
    birthDate: '1995-08-19',
    address: rio('22260-000', 'Rua São Clemente', '260', 'Botafogo'),
    signedUp: true,
    whatsapp: true,
  },
  {
    name: 'Rafael Cardoso Pinto',
    email: 'rafael.pinto@example.com',
    gender: 'male',
    birthDate: '1983-04-02',
    address: rio('20040-020', 'Avenida Rio Branco', '156', 'Centro'),
    signedUp: false,
  },
  {
    name: 'Camila Araújo Mendes',
    email: 'camila.mendes@example.com',
    gender: 'female',
    birthDate: '1992-01-27',
    address: rio('22451-000', 'Rua Marquês de São Vicente', '52', 'Gávea'),
    signedUp: true,
    declares: 'infant',
  },
  {
    name: 'João Pedro Castro',
    email: 'joao.castro@example.com',
    gender: 'male',
    birthDate: '2000-09-11',
    address: rio('22775-003', 'Estrada dos Bandeirantes', '7700', 'Jacarepaguá'),
    signedUp: true,
  },
  {
    name: 'Luciana Freitas Monteiro',
    email: 'luciana.monteiro@example.com',
    gender: 'female',
    birthDate: '1979-05-16',
    address: rio('20520-053', 'Rua Haddock Lobo', '305', 'Tijuca'),
    signedUp: false,
  },
  {
    name: 'Antônio Carlos Ramos',
    email: 'antonio.ramos@example.com',
    gender: 'male',
    birthDate: '1950-12-24',
    address: rio('21040-360', 'Rua Cardoso de Moraes', '88', 'Bonsucesso'),
    signedUp: false,
  },
  {
    name: 'Patrícia Dias Correia',
    email: 'patricia.correia@example.com',
    gender: 'female',
    birthDate: '1986-02-08',
    address: rio('22041-001', 'Avenida Nossa Senhora de Copacabana', '1033', 'Copacabana'),
    signedUp: true,
  },
  {
    name: 'Gabriel Santos Moura',
    email: 'gabriel.moura@example.com',
    gender: 'male',
    birthDate: '1997-07-03',
    address: rio('20271-150', 'Rua São Francisco Xavier', '524', 'Maracanã'),
    signedUp: false,
  },
  {
    name: 'Aline Cristina Vieira',
    email: 'aline.vieira@example.com',
    gender: 'female',
    birthDate: '1991-10-21',
    address: rio('22793-081', 'Avenida Lúcio Costa', '3600', 'Barra da Tijuca'),
    signedUp: true,
  },
  {
    // An expatriate: his account, and every message to him, in English.
    name: 'John Miller',
    email: 'john.miller@example.net',
    gender: 'male',
    birthDate: '1980-03-30',
    address: rio('22430-041', 'Avenida Delfim Moreira', '630', 'Leblon'),
    language: 'en',
    signedUp: true,
  },
  // Children, seen by the pediatrician; a parent's e-mail and phone.
  {
    name: 'Lucas Ferreira Lima',
    email: 'familia.ferreira.lima@example.com',
    gender: 'male',
    birthDate: '2016-05-20',
    address: rio('22250-040', 'Rua Muniz Barreto', '45', 'Botafogo'),
    signedUp: false,
  },
  {
    name: 'Sofia Rodrigues Alves',
    email: 'sofia.alves.resp@example.com',
    gender: 'female',
    birthDate: '2019-09-03',
    address: rio('22461-000', 'Rua Jardim Botânico', '600', 'Jardim Botânico'),
    signedUp: true,
  },
  {
    name: 'Miguel Oliveira Rocha',
    email: 'miguel.rocha.resp@example.com',
    gender: 'male',
    birthDate: '2021-01-15',
    address: rio('20510-000', 'Rua Uruguai', '380', 'Tijuca'),
    signedUp: false,
  },
  {
    name: 'Helena Martins Costa',
    email: 'helena.costa.resp@example.com',
    gender: 'female',
    birthDate: '2014-11-28',
    address: rio('22021-001', 'Avenida Atlântica', '1702', 'Copacabana'),
    signedUp: true,
  },
];

/** Why patients come, as the desk writes it. */
export const reasons: Record<Specialty, string[]> = {
  Cardiologia: [
    'Check-up cardiológico anual',
    'Controle da pressão arterial',
    'Palpitações',
    'Retorno com resultado do ecocardiograma',
    'Avaliação pré-operatória',
  ],
  Pediatria: [
    'Consulta de rotina',
    'Febre e tosse há três dias',
    'Acompanhamento do crescimento',
    'Revisão da carteira de vacinação',
  ],
  Dermatologia: [
    'Revisão de pintas',
    'Acne',
    'Mancha no rosto',
    'Queda de cabelo',
    'Coceira nos braços',
  ],
  Ortopedia: [
    'Dor no joelho direito',
    'Dor lombar',
    'Retorno pós-fisioterapia',
    'Entorse no tornozelo',
  ],
};

export const walkInReason = 'Dor no peito ao subir escadas';

/** What the professional writes when the consultation ends. */
export const notes: Record<Specialty, string[]> = {
  Cardiologia: [
    'PA 12x8, FC 72. Ausculta sem alterações. Manter medicação; retorno em 6 meses.',
    'ECG normal. Solicitado ecocardiograma e perfil lipídico.',
    'PA 14x9. Ajustada a dose do anti-hipertensivo; medir a pressão em casa por 2 semanas.',
  ],
  Pediatria: [
    'Peso e altura adequados para a idade. Vacinas em dia.',
    'Quadro viral; orientados hidratação e antitérmico se febre. Retorno se piorar.',
    'Desenvolvimento adequado. Próxima consulta de rotina em 6 meses.',
  ],
  Dermatologia: [
    'Nevos sem sinais de alerta na dermatoscopia. Revisão anual.',
    'Acne moderada; iniciado tratamento tópico. Retorno em 60 dias.',
    'Dermatite de contato; prescrito corticoide tópico por 7 dias.',
  ],
  Ortopedia: [
    'Tendinite patelar; fisioterapia 10 sessões e gelo após esforço.',
    'Lombalgia mecânica; orientada postura, alongamento e analgesia se necessário.',
    'Boa evolução; liberado para atividade física leve.',
  ],
};

export const patientCancelReasons = [
  'Imprevisto no trabalho',
  'Vou viajar nessa data',
  'Prefiro remarcar para a semana que vem',
];
export const deskCancelReasons = [
  'Paciente ligou pedindo o cancelamento',
  'Paciente com febre; remarcar após melhora',
];
