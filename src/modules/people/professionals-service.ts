import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { ChangeFeed } from '../../db/change-feed.js';
import type { Db, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { councilNumbers, professionals, specialties } from '../../db/schema/people.js';
import type { RequestContext } from '../../http/actor.js';
import { authorize, can, type Action } from '../../http/access.js';
import { offsetOf, type Page } from '../../http/pagination.js';
import { conflict, fieldError, notFound } from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import { ageOn, todayIn } from '../../lib/dates.js';
import { foldText, titleCase } from '../../lib/text.js';
import { requirePhone, type AccountsService } from '../accounts/index.js';
import { resolveAddress, toAddress } from './address.js';
import type { CepLookup } from './cep-lookup.js';
import { nameContains } from './name-search.js';
import { ProfessionalDirectory } from './professional-directory.js';
import { checkBirthDate } from './validation.js';
import { users } from './users.js';
import type {
  NewProfessionalInput,
  ProfessionalView,
  UpdateProfessionalInput,
} from './professionals-schemas.js';

const professionalColumns = {
  userId: users.id,
  name: users.name,
  email: users.email,
  phone: users.phone,
  active: users.active,
  councilDigits: professionals.councilDigits,
  councilNumber: professionals.councilNumber,
  specialty: specialties.name,
  specialtyKey: professionals.specialtyKey,
  gender: professionals.gender,
  birthDate: professionals.birthDate,
  experienceYears: professionals.experienceYears,
  officeNumber: professionals.officeNumber,
  bio: professionals.bio,
  appointmentMinutes: professionals.appointmentMinutes,
  slotMinutes: professionals.slotMinutes,
  postCode: professionals.postCode,
  street: professionals.street,
  houseNumber: professionals.houseNumber,
  complement: professionals.complement,
  district: professionals.district,
  city: professionals.city,
  state: professionals.state,
  photoKey: professionals.photoKey,
};

function selectProfessionals(executor: Executor) {
  return executor
    .select(professionalColumns)
    .from(professionals)
    .innerJoin(users, eq(users.id, professionals.userId))
    .innerJoin(specialties, eq(specialties.key, professionals.specialtyKey));
}

export type ProfessionalRecord = Awaited<ReturnType<typeof selectProfessionals>>[number];

/** Returns why the professional may not be deactivated, or nothing. */
export type DeactivationGuard = (userId: string) => Promise<string | undefined>;

export class ProfessionalsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: AccountsService,
    private readonly cepLookup: CepLookup,
    private readonly config: Pick<Config, 'clinic'>,
    /** Rules that may refuse a deactivation (409) with the reason they return. */
    private readonly deactivationGuards: readonly DeactivationGuard[],
  ) {
    this.byCouncilNumber = selectProfessionals(db)
      .innerJoin(councilNumbers, eq(councilNumbers.professionalUserId, professionals.userId))
      .where(eq(councilNumbers.number, sql.placeholder('councilNumber')))
      .limit(1)
      .prepare('professional_by_council_number');
    this.pageOfSpecialty = db
      .select({ ...professionalColumns, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(professionals)
      .innerJoin(users, eq(users.id, professionals.userId))
      .innerJoin(specialties, eq(specialties.key, professionals.specialtyKey))
      .where(
        and(eq(users.active, true), eq(professionals.specialtyKey, sql.placeholder('specialty'))),
      )
      .orderBy(asc(users.nameFolded), asc(professionals.councilNumber))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare('professionals_of_specialty_page');
    this.directory = new ProfessionalDirectory(async () => {
      const [records, numbers] = await Promise.all([
        selectProfessionals(db).orderBy(asc(users.nameFolded), asc(professionals.councilNumber)),
        db.select().from(councilNumbers),
      ]);
      const numbersOf = new Map<string, string[]>();
      for (const { number, professionalUserId } of numbers) {
        numbersOf.set(professionalUserId, [...(numbersOf.get(professionalUserId) ?? []), number]);
      }
      return records.map((record) => ({
        record,
        specialtyKey: record.specialtyKey,
        councilNumbers: numbersOf.get(record.userId) ?? [],
      }));
    });
  }

  /** Every professional in memory, for the lookups every search and booking makes. */
  private readonly directory;

  // Statements on the paths every booking and search takes: built once.
  private readonly byCouncilNumber;
  private readonly pageOfSpecialty;

  async register(input: NewProfessionalInput, context: RequestContext): Promise<ProfessionalView> {
    const phone = requirePhone(input.phone, this.config.clinic.country);
    if (input.birthDate !== undefined)
      checkBirthDate(input.birthDate, this.config.clinic.timeZone, this.clock);
    const address = await resolveAddress(input.address, this.cepLookup);
    const councilNumber = `${input.councilNumber}-${address.state}`;

    const userId = await this.write(async (tx) => {
      const user = await this.accounts.createUser(
        {
          role: 'professional',
          email: input.email,
          name: input.name,
          password: input.password,
          phone,
          language: input.language,
        },
        tx,
      );
      const specialtyKey = await this.ensureSpecialty(tx, input.specialty);
      // Held now, or once, by someone: checked first for a clear 409 rather than a key error.
      if (await this.holderOf(tx, councilNumber)) throw councilNumberTaken(councilNumber);
      await tx
        .insert(professionals)
        .values({
          userId: user.id,
          councilDigits: input.councilNumber,
          councilNumber,
          specialtyKey,
          gender: input.gender,
          birthDate: input.birthDate,
          experienceYears: input.experienceYears,
          officeNumber: input.officeNumber,
          bio: input.bio,
          appointmentMinutes: input.appointmentMinutes,
          ...address,
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw councilNumberTaken(councilNumber); // a concurrent twin
          throw error;
        });
      await this.claimCouncilNumber(tx, councilNumber, user.id);
      return user.id;
    });
    return this.view(await this.byUserId(userId), context);
  }

  async list(
    query: {
      specialty?: string;
      q?: string;
      page: number;
      pageSize: number;
    },
    context: RequestContext,
  ): Promise<Page<ProfessionalView>> {
    const conditions: SQL[] = [eq(users.active, true)];
    if (query.specialty) conditions.push(eq(professionals.specialtyKey, foldText(query.specialty)));
    const q = query.q?.trim();
    if (q) {
      conditions.push(
        /^[0-9]{4}(-[A-Za-z]{0,2})?$/.test(q)
          ? sql`${professionals.councilNumber} like ${`${q.toUpperCase()}%`}`
          : nameContains(q),
      );
    }
    const today = todayIn(this.config.clinic.timeZone, this.clock);
    const page = (rows: ProfessionalRecord[], total: number) => ({
      items: rows.map((row) => this.view(row, context, today)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    });
    if (query.specialty && !q) {
      const directory = await this.directory.current();
      if (directory) {
        const all = directory.activeBySpecialty.get(foldText(query.specialty)) ?? [];
        const offset = offsetOf(query.page, query.pageSize);
        return page(all.slice(offset, offset + query.pageSize), all.length);
      }
    }
    const rows = await (q || !query.specialty
      ? this.searchPage(conditions, query)
      : this.pageOfSpecialty.execute({
          specialty: foldText(query.specialty),
          limit: query.pageSize,
          offset: offsetOf(query.page, query.pageSize),
        }));
    return page(rows, rows[0]?.total ?? 0);
  }

  private searchPage(conditions: SQL[], query: { page: number; pageSize: number }) {
    return this.db
      .select({ ...professionalColumns, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(professionals)
      .innerJoin(users, eq(users.id, professionals.userId))
      .innerJoin(specialties, eq(specialties.key, professionals.specialtyKey))
      .where(and(...conditions))
      .orderBy(asc(users.nameFolded), asc(professionals.councilNumber))
      .limit(query.pageSize)
      .offset(offsetOf(query.page, query.pageSize));
  }

  async get(councilNumber: string, context: RequestContext): Promise<ProfessionalView> {
    return this.view(await this.resolveFor(councilNumber, context), context);
  }

  async update(
    councilNumber: string,
    input: UpdateProfessionalInput,
    context: RequestContext,
  ): Promise<ProfessionalView> {
    const professional = await this.authorized(councilNumber, context, 'professionals.update');
    const phone =
      input.phone === undefined ? undefined : requirePhone(input.phone, this.config.clinic.country);
    if (input.birthDate !== undefined)
      checkBirthDate(input.birthDate, this.config.clinic.timeZone, this.clock);
    const address = input.address ? await resolveAddress(input.address, this.cepLookup) : undefined;

    await this.write(async (tx) => {
      await this.accounts.updateIdentity(
        professional.userId,
        { name: input.name, email: input.email, phone, language: input.language },
        tx,
      );
      const changes: Partial<typeof professionals.$inferInsert> = {
        gender: input.gender,
        birthDate: input.birthDate,
        experienceYears: input.experienceYears,
        officeNumber: input.officeNumber,
        bio: input.bio,
        appointmentMinutes: input.appointmentMinutes,
        ...(address ?? {}),
      };
      if (input.specialty !== undefined) {
        changes.specialtyKey = await this.ensureSpecialty(tx, input.specialty);
      }
      // A move to another state changes the council number's suffix; the old one stays an alias.
      if (address && address.state !== professional.state) {
        changes.councilNumber = `${professional.councilDigits}-${address.state}`;
        await this.claimCouncilNumber(tx, changes.councilNumber, professional.userId);
      }
      const defined = Object.fromEntries(
        Object.entries(changes).filter(([, value]) => value !== undefined),
      );
      if (Object.keys(defined).length) {
        await tx
          .update(professionals)
          .set(defined)
          .where(eq(professionals.userId, professional.userId));
      }
    });
    return this.view(await this.byUserId(professional.userId), context);
  }

  /** Deactivates the professional, unless a guard objects (appointments still ahead). */
  async deactivate(councilNumber: string): Promise<void> {
    const professional = await this.resolve(councilNumber);
    for (const guard of this.deactivationGuards) {
      const objection = await guard(professional.userId);
      if (objection) throw conflict(objection);
    }
    await this.write((tx) => this.accounts.deactivate(professional.userId, tx));
  }

  /** Undoes a deactivation: the professional signs in again, is listed and bookable again. */
  async reactivate(councilNumber: string, context: RequestContext): Promise<ProfessionalView> {
    const professional = await this.resolve(councilNumber);
    if (professional.active) throw conflict('This professional is already active.');
    await this.write((tx) => this.accounts.reactivate(professional.userId, tx));
    return this.view(await this.byUserId(professional.userId), context);
  }

  async listSpecialties(): Promise<{ name: string; professionals: number }[]> {
    return this.db
      .select({
        name: specialties.name,
        professionals: sql<number>`count(*)::int`,
      })
      .from(specialties)
      .innerJoin(professionals, eq(professionals.specialtyKey, specialties.key))
      .innerJoin(users, and(eq(users.id, professionals.userId), eq(users.active, true)))
      .groupBy(specialties.key, specialties.name)
      .orderBy(asc(specialties.key));
  }

  /** The active professionals of a specialty typed in any case, with or without accents. */
  async activeOfSpecialty(specialty: string): Promise<ProfessionalRecord[]> {
    const directory = await this.directory.current();
    if (directory) return [...(directory.activeBySpecialty.get(foldText(specialty)) ?? [])];
    return selectProfessionals(this.db)
      .where(and(eq(professionals.specialtyKey, foldText(specialty)), eq(users.active, true)))
      .orderBy(asc(users.nameFolded));
  }

  /** By current or former council number, in any case. */
  async resolve(councilNumber: string): Promise<ProfessionalRecord> {
    const number = councilNumber.toUpperCase();
    const directory = await this.directory.current();
    const [row] = directory
      ? [directory.byCouncilNumber.get(number)]
      : await this.byCouncilNumber.execute({ councilNumber: number });
    if (!row) throw notFound('There is no professional with this council number.');
    return row;
  }

  /**
   * As `resolve`, for a caller: signed out (the public directory), only the active professionals
   * are known, as only they are listed.
   */
  async resolveFor(councilNumber: string, context: RequestContext): Promise<ProfessionalRecord> {
    const professional = await this.resolve(councilNumber);
    if (context.actor.kind === 'anonymous' && !professional.active) {
      throw notFound('There is no professional with this council number.');
    }
    return professional;
  }

  async authorized(
    councilNumber: string,
    context: RequestContext,
    action: Action,
  ): Promise<ProfessionalRecord> {
    return authorize(context.actor, action, () => this.resolve(councilNumber));
  }

  async councilNumberOf(userId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ councilNumber: professionals.councilNumber })
      .from(professionals)
      .where(eq(professionals.userId, userId));
    return row?.councilNumber;
  }

  /**
   * The one way this module writes professionals: a transaction during which the in-memory
   * directory is held off, so this instance's very next request sees the change (other
   * instances hear of it from the triggers' notifications).
   */
  private write<R>(work: (tx: Executor) => Promise<R>): Promise<R> {
    return this.directory.changing(() => this.db.transaction(work));
  }

  /**
   * For the one other writer of what the directory shows: accounts, changing a professional's
   * own user row (name, contact). src/services.ts hands it to accounts as its profile wrapper.
   */
  changingDirectory<R>(change: () => Promise<R>): Promise<R> {
    return this.directory.changing(change);
  }

  /** Keeps the directory in memory while the feed reports its changes. */
  followChanges(feed: ChangeFeed): Promise<() => void> {
    return this.directory.followChanges(feed);
  }

  /**
   * Sets the professional's slot length, with the working hours scheduling writes in the same
   * transaction (`alsoInTransaction`): the grid and its slots change together.
   */
  async changeSchedule(
    userId: string,
    slotMinutes: number,
    alsoInTransaction: (tx: Executor) => Promise<void>,
  ): Promise<void> {
    await this.write(async (tx) => {
      await tx.update(professionals).set({ slotMinutes }).where(eq(professionals.userId, userId));
      await alsoInTransaction(tx);
    });
  }

  async setPhotoKey(userId: string, photoKey: string | null) {
    await this.write((tx) =>
      tx.update(professionals).set({ photoKey }).where(eq(professionals.userId, userId)),
    );
  }

  private async byUserId(userId: string): Promise<ProfessionalRecord> {
    const [row] = await selectProfessionals(this.db).where(eq(professionals.userId, userId));
    if (!row) throw notFound();
    return row;
  }

  /** The specialty's key, creating it in display form when new (`cardiologia` → `Cardiologia`). */
  private async ensureSpecialty(tx: Executor, specialty: string): Promise<string> {
    const key = foldText(specialty);
    if (!key) throw fieldError('specialty', 'must not be empty');
    await tx
      .insert(specialties)
      .values({ key, name: titleCase(specialty) })
      .onConflictDoNothing();
    return key;
  }

  private async claimCouncilNumber(tx: Executor, number: string, userId: string): Promise<void> {
    const holder = await this.holderOf(tx, number);
    if (holder === userId) return; // moving back to a state held before
    if (holder) throw councilNumberTaken(number);
    await tx
      .insert(councilNumbers)
      .values({ number, professionalUserId: userId })
      .catch((error: unknown) => {
        // Claimed by a concurrent registration between the check and the insert.
        if (isUniqueViolation(error)) throw councilNumberTaken(number);
        throw error;
      });
  }

  private async holderOf(tx: Executor, number: string): Promise<string | undefined> {
    const [holder] = await tx
      .select({ userId: councilNumbers.professionalUserId })
      .from(councilNumbers)
      .where(eq(councilNumbers.number, number));
    return holder?.userId;
  }

  private view(
    row: ProfessionalRecord,
    context: RequestContext,
    today = todayIn(this.config.clinic.timeZone, this.clock),
  ): ProfessionalView {
    const publicProfile: ProfessionalView = {
      councilNumber: row.councilNumber,
      name: row.name,
      specialty: row.specialty,
      gender: row.gender,
      age: row.birthDate ? ageOn(row.birthDate, today) : null,
      experienceYears: row.experienceYears,
      officeNumber: row.officeNumber,
      bio: row.bio,
      appointmentMinutes: row.appointmentMinutes,
      photoUrl: row.photoKey
        ? `/api/v1/professionals/${encodeURIComponent(row.councilNumber)}/photo`
        : null,
    };
    if (!can(context.actor, 'professionals.update', row)) return publicProfile;
    return {
      ...publicProfile,
      email: row.email,
      phone: row.phone,
      birthDate: row.birthDate,
      address: toAddress(row),
      active: row.active,
    };
  }
}

function councilNumberTaken(number: string) {
  return conflict(`The council number ${number} is already registered.`, [
    { field: 'councilNumber', message: 'is already registered' },
  ]);
}
