import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { patients } from '../../db/schema/people.js';
import { authorize, can, type Action } from '../../http/access.js';
import type { RequestContext } from '../../http/actor.js';
import { offsetOf, type Page } from '../../http/pagination.js';
import { conflict, fieldError, notFound } from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import { formatCpf, maskCpf, normalizeCpf } from '../../lib/cpf.js';
import { randomToken } from '../../lib/crypto.js';
import { toZonedIso } from '../../lib/time.js';
import { requirePhone, type AccountsService } from '../accounts/index.js';
import type { AccessLog } from './access-log.js';
import { resolveAddress, toAddress, type AddressColumns } from './address.js';
import type { CepLookup } from './cep-lookup.js';
import { checkBirthDate } from './validation.js';
import type {
  NewPatientInput,
  PatientListItemView,
  PatientView,
  UpdatePatientInput,
} from './patients-schemas.js';
import { escapeLike, nameContains } from './name-search.js';
import { newRegisterNumber } from './register-number.js';
import { users } from './users.js';

const API_PREFIX = '/api/v1';

const patientColumns = {
  userId: users.id,
  registerNumber: patients.registerNumber,
  name: users.name,
  email: users.email,
  phone: users.phone,
  language: users.language,
  emailVerifiedAt: users.emailVerifiedAt,
  phoneVerifiedAt: users.phoneVerifiedAt,
  active: users.active,
  createdAt: patients.createdAt,
  birthDate: patients.birthDate,
  gender: patients.gender,
  cpf: patients.cpf,
  postCode: patients.postCode,
  street: patients.street,
  houseNumber: patients.houseNumber,
  complement: patients.complement,
  district: patients.district,
  city: patients.city,
  state: patients.state,
  photoKey: patients.photoKey,
};

function selectPatients(executor: Executor) {
  return executor
    .select(patientColumns)
    .from(patients)
    .innerJoin(users, eq(users.id, patients.userId));
}

type PatientRecord = Awaited<ReturnType<typeof selectPatients>>[number];

export interface PatientIdentity {
  userId: string;
  registerNumber: string;
  name: string;
  active: boolean;
  /** `YYYY-MM-DD`: the queue derives legal priority from the age. */
  birthDate: string;
}

/**
 * Whether a professional attends a patient (they have appointments together), for the rules
 * that let professionals see their own patients. Scheduling knows; people may not depend on
 * it, so it is handed in.
 */
export type CareRelation = (professionalUserId: string, patientUserId: string) => Promise<boolean>;

export class PatientsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: AccountsService,
    private readonly audit: AccessLog,
    private readonly cepLookup: CepLookup,
    private readonly config: Pick<Config, 'clinic'>,
    private readonly attends: CareRelation,
  ) {
    this.byRegisterNumber = selectPatients(db)
      .where(eq(patients.registerNumber, sql.placeholder('registerNumber')))
      .limit(1)
      .prepare('patient_by_register_number');
    const identity = (where: SQL) =>
      db
        .select({
          userId: users.id,
          registerNumber: patients.registerNumber,
          name: users.name,
          active: users.active,
          birthDate: patients.birthDate,
        })
        .from(patients)
        .innerJoin(users, eq(users.id, patients.userId))
        .where(where)
        .limit(1);
    this.identityByRegisterNumber = identity(
      eq(patients.registerNumber, sql.placeholder('registerNumber')),
    ).prepare('patient_identity_by_register_number');
    this.identityByUserId = identity(eq(patients.userId, sql.placeholder('userId'))).prepare(
      'patient_identity_by_user_id',
    );
  }

  // Statements every booking and list runs: built once rather than on each call.
  private readonly byRegisterNumber;
  private readonly identityByRegisterNumber;
  private readonly identityByUserId;

  /** Sign-up (anonymous) or registration by an admin. */
  async register(input: NewPatientInput, context: RequestContext): Promise<PatientView> {
    const byAdmin = context.actor.kind === 'user';
    if (!byAdmin && input.password === undefined) {
      throw fieldError('password', 'is required to sign up');
    }
    const phone = requirePhone(input.phone, this.config.clinic.country);
    const cpf = input.cpf === undefined ? null : this.cpf(input.cpf);
    checkBirthDate(input.birthDate, this.config.clinic.timeZone, this.clock);
    const address = await resolveAddress(input.address, this.cepLookup);

    const userId = await this.db.transaction(async (tx) => {
      const user = await this.accounts.createUser(
        {
          role: 'patient',
          email: input.email,
          name: input.name,
          // Registered at the desk without one: the patient sets it through "forgot password".
          password: input.password ?? randomToken(24),
          phone,
          language: input.language,
        },
        tx,
      );
      await this.insertPatient(tx, {
        userId: user.id,
        cpf,
        birthDate: input.birthDate,
        gender: input.gender,
        ...address,
      });
      // A sign-up is the patient acting on their own data; a registration at the desk is not.
      if (byAdmin) await this.audit.record(context, 'patient.create', [user.id], undefined, tx);
      return user.id;
    });
    return toPatientView(await this.byUserId(userId), this.config.clinic.timeZone);
  }

  async list(
    query: { q?: string; active?: boolean; page: number; pageSize: number },
    context: RequestContext,
  ): Promise<Page<PatientListItemView>> {
    const search = query.q?.trim() ? searchCondition(query.q.trim()) : undefined;
    const where = and(eq(users.active, query.active ?? true), search?.condition);
    // The page and the total separately: the page can then stop at pageSize rows walking the
    // name index, where a window count would have to visit every match first.
    const [rows, total] = await Promise.all([
      selectPatients(this.db)
        .where(where)
        .orderBy(asc(users.nameFolded), asc(patients.registerNumber))
        .limit(query.pageSize)
        .offset(offsetOf(query.page, query.pageSize)),
      this.count(where, search?.onUsersOnly ?? true),
    ]);
    await this.audit.record(
      context,
      'patient.list',
      rows.map((row) => row.userId),
    );
    return {
      items: rows.map(toPatientListItem),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(registerNumber: string, context: RequestContext): Promise<PatientView> {
    const patient = await this.authorized(registerNumber, context, 'patients.read');
    await this.audit.record(context, 'patient.read', [patient.userId]);
    return toPatientView(patient, this.config.clinic.timeZone);
  }

  async update(
    registerNumber: string,
    input: UpdatePatientInput,
    context: RequestContext,
  ): Promise<PatientView> {
    const patient = await this.authorized(registerNumber, context, 'patients.update');
    const phone =
      input.phone === undefined ? undefined : requirePhone(input.phone, this.config.clinic.country);
    if (input.birthDate !== undefined)
      checkBirthDate(input.birthDate, this.config.clinic.timeZone, this.clock);
    const cpf = input.cpf === undefined || input.cpf === null ? input.cpf : this.cpf(input.cpf);
    const address = input.address ? await resolveAddress(input.address, this.cepLookup) : undefined;

    await this.db.transaction(async (tx) => {
      await this.accounts.updateIdentity(
        patient.userId,
        { name: input.name, email: input.email, phone, language: input.language },
        tx,
      );
      const profile = {
        ...(input.birthDate !== undefined ? { birthDate: input.birthDate } : {}),
        ...(input.gender !== undefined ? { gender: input.gender } : {}),
        ...(cpf !== undefined ? { cpf } : {}),
        ...(address ?? {}),
      };
      if (Object.keys(profile).length) {
        await tx
          .update(patients)
          .set(profile)
          .where(eq(patients.userId, patient.userId))
          .catch(rethrowCpfTaken);
      }
      await this.audit.record(
        context,
        'patient.update',
        [patient.userId],
        { fields: Object.keys(input).sort() },
        tx,
      );
    });
    return toPatientView(await this.byUserId(patient.userId), this.config.clinic.timeZone);
  }

  async deactivate(registerNumber: string, context: RequestContext): Promise<void> {
    const patient = await this.find(registerNumber);
    if (!patient) throw notFound('There is no patient with this register number.');
    await this.db.transaction(async (tx) => {
      await this.accounts.deactivate(patient.userId, tx);
      await this.audit.record(context, 'patient.deactivate', [patient.userId], undefined, tx);
    });
  }

  /** Undoes a deactivation: the patient signs in again and is back in the lists. Audited. */
  async reactivate(registerNumber: string, context: RequestContext): Promise<PatientView> {
    const patient = await this.find(registerNumber);
    if (!patient) throw notFound('There is no patient with this register number.');
    if (patient.active) throw conflict('This patient’s account is already active.');
    await this.db.transaction(async (tx) => {
      await this.accounts.reactivate(patient.userId, tx);
      await this.audit.record(context, 'patient.reactivate', [patient.userId], undefined, tx);
    });
    return toPatientView(await this.byUserId(patient.userId), this.config.clinic.timeZone);
  }

  /**
   * The patient, when the caller may do `action` to them. A patient asking for someone else's
   * record gets the same 404 as for a number that does not exist: it reveals nothing.
   */
  /**
   * The user behind a register number, for an action on their records. Patients naming their
   * own number, as every page of theirs does, need no lookup: the session knows it.
   */
  async authorizedUserId(
    registerNumber: string,
    context: RequestContext,
    action: Action,
  ): Promise<string> {
    const actor = context.actor;
    if (
      actor.kind === 'user' &&
      actor.registerNumber === registerNumber &&
      can(actor, action, { userId: actor.userId })
    ) {
      return actor.userId;
    }
    return (await this.authorized(registerNumber, context, action)).userId;
  }

  async authorized(
    registerNumber: string,
    context: RequestContext,
    action: Action,
  ): Promise<PatientRecord> {
    const actor = context.actor;
    return authorize(
      actor,
      action,
      async () => {
        const patient = await this.find(registerNumber);
        if (!patient) return undefined;
        const attendedBy =
          actor.kind === 'user' &&
          actor.role === 'professional' &&
          (await this.attends(actor.userId, patient.userId))
            ? [actor.userId]
            : [];
        return { ...patient, attendedBy };
      },
      'There is no patient with this register number.',
    );
  }

  async registerNumberOf(userId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ registerNumber: patients.registerNumber })
      .from(patients)
      .where(eq(patients.userId, userId));
    return row?.registerNumber;
  }

  /** Who a patient is, for the modules that refer to patients (scheduling, records). */
  async identity(
    by: { registerNumber: string } | { userId: string },
  ): Promise<PatientIdentity | undefined> {
    const [row] =
      'registerNumber' in by
        ? await this.identityByRegisterNumber.execute({ registerNumber: by.registerNumber })
        : await this.identityByUserId.execute({ userId: by.userId });
    return row;
  }

  async userIdOf(registerNumber: string): Promise<string | undefined> {
    return (await this.find(registerNumber))?.userId;
  }

  async setPhotoKey(userId: string, photoKey: string | null, executor: Executor = this.db) {
    await executor.update(patients).set({ photoKey }).where(eq(patients.userId, userId));
  }

  private async find(registerNumber: string): Promise<PatientRecord | undefined> {
    const [row] = await this.byRegisterNumber.execute({ registerNumber });
    return row;
  }

  private async byUserId(userId: string): Promise<PatientRecord> {
    const [row] = await selectPatients(this.db).where(eq(patients.userId, userId));
    if (!row) throw notFound();
    return row;
  }

  /**
   * Matching patients. Conditions on the users table alone are counted there (every patient
   * user has exactly one patients row), sparing a join over thousands of rows for a common name.
   */
  private async count(where: SQL | undefined, onUsersOnly: boolean): Promise<number> {
    const total = sql<number>`count(*)::int`;
    const [row] = onUsersOnly
      ? await this.db
          .select({ total })
          .from(users)
          .where(and(eq(users.role, 'patient'), where))
      : await this.db
          .select({ total })
          .from(patients)
          .innerJoin(users, eq(users.id, patients.userId))
          .where(where);
    return row?.total ?? 0;
  }

  /** Inserts with a fresh register number, drawing again in the rare case it is taken. */
  private async insertPatient(
    tx: Executor,
    values: Omit<typeof patients.$inferInsert, 'registerNumber'> & AddressColumns,
  ): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const inserted = await tx
        .insert(patients)
        .values({ ...values, registerNumber: newRegisterNumber() })
        .onConflictDoNothing({ target: patients.registerNumber })
        .returning({ userId: patients.userId })
        .catch(rethrowCpfTaken);
      if (inserted.length) return;
    }
    throw new Error('Could not draw a free register number in 5 attempts');
  }

  private cpf(input: string): string {
    const cpf = normalizeCpf(input);
    if (!cpf) throw fieldError('cpf', 'is not a valid CPF');
    return cpf;
  }
}

/**
 * What `q` looks like decides where to look: a register number or a CPF is matched exactly, an
 * e-mail by prefix, anything else as part of the name, ignoring case and accents.
 */
function searchCondition(q: string): { condition: SQL; onUsersOnly: boolean } {
  if (/^[A-Za-z]{6}-[0-9]$/.test(q)) {
    return { condition: eq(patients.registerNumber, q), onUsersOnly: false };
  }
  const cpf = normalizeCpf(q);
  if (cpf) return { condition: eq(patients.cpf, cpf), onUsersOnly: false };
  if (q.includes('@')) {
    return {
      condition: sql`${users.email} like ${`${escapeLike(q.toLowerCase())}%`}`,
      onUsersOnly: true,
    };
  }
  return { condition: nameContains(q), onUsersOnly: true };
}

function rethrowCpfTaken(error: unknown): never {
  if (isUniqueViolation(error, 'patients_cpf_key')) {
    throw conflict('A patient with this CPF is already registered.', [
      { field: 'cpf', message: 'is already registered' },
    ]);
  }
  throw error;
}

export function patientPhotoUrl(patient: { registerNumber: string; photoKey: string | null }) {
  return patient.photoKey
    ? `${API_PREFIX}/patients/${encodeURIComponent(patient.registerNumber)}/photo`
    : null;
}

function toPatientView(patient: PatientRecord, timeZone: string): PatientView {
  return {
    registerNumber: patient.registerNumber,
    name: patient.name,
    email: patient.email,
    phone: patient.phone,
    birthDate: patient.birthDate,
    gender: patient.gender,
    cpf: patient.cpf ? formatCpf(patient.cpf) : null,
    address: toAddress(patient),
    language: patient.language,
    photoUrl: patientPhotoUrl(patient),
    emailVerified: patient.emailVerifiedAt !== null,
    phoneVerified: patient.phoneVerifiedAt !== null,
    active: patient.active,
    createdAt: toZonedIso(patient.createdAt, timeZone),
  };
}

function toPatientListItem(patient: PatientRecord): PatientListItemView {
  return {
    registerNumber: patient.registerNumber,
    name: patient.name,
    email: patient.email,
    phone: patient.phone,
    birthDate: patient.birthDate,
    cpf: patient.cpf ? maskCpf(patient.cpf) : null,
    photoUrl: patientPhotoUrl(patient),
  };
}
