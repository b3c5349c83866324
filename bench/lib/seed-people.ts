import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type postgres from 'postgres';
import { foldText } from '../../src/lib/text.js';
import { hashPassword } from '../../src/modules/accounts/passwords.js';

export interface SeedPeopleOptions {
  /** Patients to create; 100,000 by default. */
  patients?: number;
  /** Professionals, spread evenly over the specialties; 50 by default. */
  professionals?: number;
  /** The one password of every seeded user (hashed once). */
  password?: string;
  /** Seed of the pseudo-random generator: the same seed and sizes give the same people. */
  seed?: number;
  /** Rows per INSERT statement. */
  batchSize?: number;
  onProgress?: (message: string) => void;
}

export interface Credentials {
  email: string;
  password: string;
}

export interface SeededPeople {
  admin: Credentials;
  /** A seeded patient, to call the API as a patient. */
  patient: Credentials;
  /** A seeded professional. */
  professional: Credentials;
  patients: number;
  professionals: number;
  specialties: { key: string; name: string }[];
  /** Where the time went, in milliseconds. */
  timings: {
    hashPassword: number;
    patients: number;
    professionals: number;
    vacuumAnalyze: number;
    total: number;
  };
}

export const SPECIALTY_NAMES = [
  'Cardiologia',
  'Clínica Geral',
  'Dermatologia',
  'Endocrinologia',
  'Ginecologia',
  'Neurologia',
  'Oftalmologia',
  'Ortopedia',
  'Pediatria',
  'Psiquiatria',
];

// prettier-ignore
const FEMALE_NAMES = [
  'Maria', 'Ana', 'Júlia', 'Letícia', 'Cecília', 'Beatriz', 'Lúcia', 'Márcia', 'Mônica',
  'Patrícia', 'Cláudia', 'Flávia', 'Tânia', 'Sônia', 'Vitória', 'Inês', 'Débora', 'Fátima',
  'Antônia', 'Luíza', 'Lívia', 'Larissa', 'Camila', 'Fernanda', 'Gabriela', 'Isabela', 'Helena',
  'Alícia', 'Valéria', 'Rosângela', 'Aparecida', 'Giovana', 'Bárbara', 'Natália', 'Simone',
  'Andréa', 'Jéssica', 'Thaís', 'Raíssa', 'Conceição',
];

// prettier-ignore
const MALE_NAMES = [
  'João', 'José', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luís', 'Marcos',
  'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Raimundo', 'Rodrigo',
  'Sérgio', 'Fábio', 'Márcio', 'André', 'Otávio', 'Caio', 'Vinícius', 'Estêvão', 'Mário',
  'Cícero', 'Flávio', 'Júlio', 'Rômulo', 'Inácio', 'Sebastião', 'Tomás', 'Gonçalo', 'Nélson',
  'Ângelo', 'Benício', 'Joaquim',
];

/** Roughly by frequency: the draw below favours the first ones, as Silva is in Brazil. */
// prettier-ignore
const SURNAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima',
  'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes',
  'Vieira', 'Barbosa', 'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques',
  'Machado', 'Mendes', 'Freitas', 'Cardoso', 'Ramos', 'Gonçalves', 'Araújo', 'Conceição',
  'Magalhães', 'Guimarães', 'Simões', 'Assunção', 'Brandão', 'Falcão', 'Galvão', 'Aragão',
  'Romão', 'Mendonça', 'Patrício', 'Peçanha', 'Nóbrega', 'Damião', 'Frazão', 'Leão', 'Gusmão',
  'Antunes', 'Tavares', 'Monteiro', 'Figueiredo', 'Loureiro', 'Bastos', 'Estêvez', 'Brás',
];

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Fills `users`, `patients`, `specialties`, `professionals` and `council_numbers` straight with
 * bulk SQL (arrays unnested server-side), as fast as the tables' indexes allow: no HTTP, and
 * one argon2 hash shared by every seeded user. Expects migrated, empty tables.
 */
export async function seedPeople(
  sql: postgres.Sql,
  options: SeedPeopleOptions = {},
): Promise<SeededPeople> {
  const patientCount = options.patients ?? 100_000;
  const professionalCount = options.professionals ?? 50;
  const password = options.password ?? 'bench-password-1';
  const batchSize = options.batchSize ?? 10_000;
  const progress = options.onProgress ?? (() => {});
  const random = mulberry32(options.seed ?? 20_240_601);
  const start = performance.now();

  const passwordHash = await hashPassword(password);
  const hashed = performance.now();

  const admin: Credentials = { email: 'admin@exemplo.com.br', password };
  await sql`
    insert into users (role, email, name, phone, password_hash, language)
    values ('admin', ${admin.email}, 'Administração Bench', '+5521999990000', ${passwordHash},
      'pt-BR')`;

  const registerNumbers = new Set<string>();
  let firstPatientEmail = '';
  for (let offset = 0; offset < patientCount; offset += batchSize) {
    const rows = Math.min(batchSize, patientCount - offset);
    const batch = {
      id: [] as string[],
      email: [] as string[],
      name: [] as string[],
      phone: [] as string[],
      registerNumber: [] as string[],
      cpf: [] as (string | null)[],
      birthDate: [] as string[],
      gender: [] as string[],
      houseNumber: [] as string[],
    };
    for (let i = offset; i < offset + rows; i++) {
      const person = newPerson(random);
      batch.id.push(randomUUID());
      batch.email.push(emailOf(person, i));
      batch.name.push(person.name);
      batch.phone.push(mobilePhone(random, i));
      let registerNumber: string;
      do registerNumber = newRegisterNumber(random);
      while (registerNumbers.has(registerNumber));
      registerNumbers.add(registerNumber);
      batch.registerNumber.push(registerNumber);
      // Most patients never give a CPF; one in ten does.
      batch.cpf.push(i % 10 === 3 ? cpfOf(100_000_000 + i * 7) : null);
      batch.birthDate.push(birthDate(random));
      batch.gender.push(random() < 0.01 ? 'other' : person.gender);
      batch.houseNumber.push(String(1 + Math.floor(random() * 2000)));
    }
    firstPatientEmail ||= batch.email[0] ?? '';
    await sql.begin(async (tx) => {
      await tx`
        insert into users (id, role, email, name, phone, password_hash, language)
        select id, 'patient', email, name, phone, ${passwordHash}, 'pt-BR'
        from unnest(${tx.array(batch.id)}::uuid[], ${tx.array(batch.email)}::text[],
          ${tx.array(batch.name)}::text[], ${tx.array(batch.phone)}::text[])
          as t(id, email, name, phone)`;
      await tx`
        insert into patients
          (user_id, register_number, cpf, birth_date, gender, post_code, house_number, state)
        select user_id, register_number, cpf, birth_date, gender::gender, '20031170',
          house_number, 'RJ'
        from unnest(${tx.array(batch.id)}::uuid[], ${tx.array(batch.registerNumber)}::text[],
          ${tx.array(batch.cpf)}::text[], ${tx.array(batch.birthDate)}::date[],
          ${tx.array(batch.gender)}::text[], ${tx.array(batch.houseNumber)}::text[])
          as t(user_id, register_number, cpf, birth_date, gender, house_number)`;
    });
    progress(`patients: ${offset + rows}/${patientCount}`);
  }
  const patientsDone = performance.now();

  const specialties = SPECIALTY_NAMES.map((name) => ({ key: foldText(name), name }));
  await sql`
    insert into specialties (key, name)
    select * from unnest(${sql.array(specialties.map((s) => s.key))}::text[],
      ${sql.array(specialties.map((s) => s.name))}::text[])`;
  const professionals = {
    id: [] as string[],
    email: [] as string[],
    name: [] as string[],
    phone: [] as string[],
    digits: [] as string[],
    specialtyKey: [] as string[],
    gender: [] as string[],
    birthDate: [] as string[],
    houseNumber: [] as string[],
  };
  for (let i = 0; i < professionalCount; i++) {
    const person = newPerson(random);
    professionals.id.push(randomUUID());
    professionals.email.push(`dr.${emailOf(person, i)}`);
    professionals.name.push(person.name);
    professionals.phone.push(mobilePhone(random, 900_000 + i));
    professionals.digits.push(String(1000 + ((i * 7919) % 9000)));
    professionals.specialtyKey.push(specialties[i % specialties.length]!.key);
    professionals.gender.push(person.gender);
    professionals.birthDate.push(birthDate(random, 1950, 1995));
    professionals.houseNumber.push(String(1 + (i % 300)));
  }
  await sql.begin(async (tx) => {
    await tx`
      insert into users (id, role, email, name, phone, password_hash, language)
      select id, 'professional', email, name, phone, ${passwordHash}, 'pt-BR'
      from unnest(${tx.array(professionals.id)}::uuid[], ${tx.array(professionals.email)}::text[],
        ${tx.array(professionals.name)}::text[], ${tx.array(professionals.phone)}::text[])
        as t(id, email, name, phone)`;
    await tx`
      insert into professionals (user_id, council_digits, council_number, specialty_key, gender,
        birth_date, experience_years, office_number, appointment_minutes, post_code,
        house_number, state)
      select user_id, digits, digits || '-RJ', specialty_key, gender::gender, birth_date,
        extract(year from age(birth_date))::int - 25, 'Sala ' || (100 + n), 30, '20031170',
        house_number, 'RJ'
      from unnest(${tx.array(professionals.id)}::uuid[], ${tx.array(professionals.digits)}::text[],
        ${tx.array(professionals.specialtyKey)}::text[], ${tx.array(professionals.gender)}::text[],
        ${tx.array(professionals.birthDate)}::date[],
        ${tx.array(professionals.houseNumber)}::text[])
        with ordinality as t(user_id, digits, specialty_key, gender, birth_date, house_number, n)`;
    await tx`
      insert into council_numbers (number, professional_user_id)
      select council_number, user_id from professionals`;
  });
  const professionalsDone = performance.now();

  // VACUUM as well as ANALYZE: it moves the trigram index's pending list into the index proper
  // and sets the visibility map, as autovacuum would have long done on a real database.
  await sql`vacuum (analyze)`;
  const end = performance.now();

  return {
    admin,
    patient: { email: firstPatientEmail, password },
    professional: { email: professionals.email[0] ?? '', password },
    patients: patientCount,
    professionals: professionalCount,
    specialties,
    timings: {
      hashPassword: hashed - start,
      patients: patientsDone - hashed,
      professionals: professionalsDone - patientsDone,
      vacuumAnalyze: end - professionalsDone,
      total: end - start,
    },
  };
}

interface Person {
  name: string;
  first: string;
  surname: string;
  gender: 'female' | 'male';
}

/** "João Conceição Araújo", "Maria Letícia dos Santos Silva"…: one or two given names, two surnames. */
function newPerson(random: () => number): Person {
  const gender = random() < 0.52 ? 'female' : 'male';
  const given = gender === 'female' ? FEMALE_NAMES : MALE_NAMES;
  const first = pick(random, given);
  const parts = [first];
  if (random() < 0.3)
    parts.push(
      pick(
        random,
        given.filter((name) => name !== first),
      ),
    );
  const mother = surname(random);
  let father = surname(random);
  while (father === mother) father = surname(random);
  if (random() < 0.2) parts.push(mother.endsWith('a') ? 'da' : 'de');
  parts.push(mother);
  if (random() < 0.15) parts.push(mother.endsWith('s') ? 'dos' : 'do');
  parts.push(father);
  return { name: parts.join(' '), first, surname: father, gender };
}

/** A skewed draw: index k comes up about 1/(k+1)^0.6 as often as the first. */
function surname(random: () => number): string {
  const weights = SURNAME_CUMULATIVE_WEIGHTS;
  const target = random() * weights[weights.length - 1]!;
  let index = 0;
  while (weights[index]! < target) index++;
  return SURNAMES[index]!;
}

const SURNAME_CUMULATIVE_WEIGHTS = SURNAMES.reduce<number[]>((acc, _name, index) => {
  acc.push((acc[index - 1] ?? 0) + 1 / Math.pow(index + 1, 0.6));
  return acc;
}, []);

function emailOf(person: Person, n: number): string {
  const local = `${foldText(person.first)}.${foldText(person.surname)}`.replace(/[^a-z.]/g, '');
  return `${local}${n}@exemplo.com.br`;
}

/** A Rio de Janeiro mobile number in E.164: +55 21 9xxxx-xxxx, distinct for each n < 10⁷. */
function mobilePhone(random: () => number, n: number): string {
  return `+55219${6 + Math.floor(random() * 4)}${String(n).padStart(7, '0')}`;
}

function newRegisterNumber(random: () => number): string {
  let letters = '';
  for (let i = 0; i < 6; i++) letters += LETTERS[Math.floor(random() * LETTERS.length)];
  return `${letters}-${Math.floor(random() * 10)}`;
}

/** A valid CPF (check digits included) from nine digits. */
function cpfOf(base: number): string {
  const digits = String(base % 1_000_000_000).padStart(9, '0');
  const check = (partial: string) => {
    let sum = 0;
    for (let i = 0; i < partial.length; i++) sum += Number(partial[i]) * (partial.length + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  const first = check(digits);
  return `${digits}${first}${check(`${digits}${first}`)}`;
}

function birthDate(random: () => number, fromYear = 1935, toYear = 2023): string {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.UTC(toYear, 11, 31);
  return new Date(from + Math.floor(random() * (to - from))).toISOString().slice(0, 10);
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** A small, fast, seedable pseudo-random generator (mulberry32): reruns seed the same people. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
