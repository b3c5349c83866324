import { and, desc, eq, getTableName, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../db/database.js';
import { auditLog } from '../../db/schema/audit.js';
import type { RequestContext } from '../../http/actor.js';
import { offsetOf, type Page } from '../../http/pagination.js';
import { toZonedIso } from '../../lib/time.js';
import { usersRelation } from '../accounts/index.js';
import { patientsRelation } from '../people/index.js';

const actors = usersRelation('actors');
const patientUsers = usersRelation('patient_users');
const patients = patientsRelation();

/** Who is acting, from where: what every audit entry records besides the action. */
export type AuditContext = RequestContext;

export interface AuditFilters {
  patientUserId?: string;
  actorUserId?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

export interface AuditLogSize {
  /** Entries, as estimated at PostgreSQL's last ANALYZE of the table. */
  entries: number;
  /** On disk, indexes included. */
  bytes: number;
}

export interface AuditEntryView {
  id: number;
  at: string;
  action: string;
  actor: { id: string; name: string; role: string } | null;
  patient: { registerNumber: string; name: string };
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

/**
 * The access log of patient data. Every read or change of a patient's data by anyone other
 * than that patient goes through `record`, in the same transaction as a change.
 */
export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly timeZone: string,
  ) {}

  /**
   * How big the audit log has grown: it is kept for good (no retention reaches it), so its
   * size is reported instead. `entries` is PostgreSQL's estimate from its last ANALYZE, which
   * costs nothing to read; `bytes` counts the table with its indexes.
   */
  async size(): Promise<AuditLogSize> {
    const [row] = await this.db.execute<{ entries: number; bytes: string }>(sql`
      select greatest(reltuples, 0)::float8 as entries, pg_total_relation_size(oid) as bytes
      from pg_class where oid = ${getTableName(auditLog)}::regclass`);
    return { entries: Math.round(row!.entries), bytes: Number(row!.bytes) };
  }

  async record(
    context: AuditContext,
    action: string,
    patientUserIds: string[],
    details?: Record<string, unknown>,
    executor: Executor = this.db,
  ): Promise<void> {
    const actor = context.actor.kind === 'user' ? context.actor : undefined;
    const subjects = subjectsOf(context, patientUserIds);
    if (!subjects.length) return;
    await executor.insert(auditLog).values(
      subjects.map((patientUserId) => ({
        action,
        patientUserId,
        actorUserId: actor?.userId ?? null,
        actorRole: actor?.role ?? null,
        ip: context.ip,
        requestId: context.requestId,
        details: details ?? null,
      })),
    );
  }

  /**
   * What `record` writes, as a statement for a writer that runs it inside a statement of its
   * own (a booking: the appointment, its history, outbox event and audit entry in one round
   * trip, `with … as (…)`); undefined when there is nothing to write. The caller runs it in
   * the same transaction as the change, as with `record`.
   */
  insertStatement(
    context: AuditContext,
    action: string,
    patientUserIds: string[],
    details?: Record<string, unknown>,
  ): SQL | undefined {
    const actor = context.actor.kind === 'user' ? context.actor : undefined;
    const subjects = subjectsOf(context, patientUserIds);
    if (!subjects.length) return undefined;
    const rows = subjects.map(
      (patientUserId) =>
        sql`(${action}, ${patientUserId}::uuid, ${actor?.userId ?? null}::uuid,
          ${actor?.role ?? null}::user_role, ${context.ip}::text, ${context.requestId}::text,
          ${details === undefined ? null : JSON.stringify(details)}::jsonb)`,
    );
    return sql`insert into ${auditLog}
        (action, patient_user_id, actor_user_id, actor_role, ip, request_id, details)
      values ${sql.join(rows, sql`, `)}`;
  }

  async list(filters: AuditFilters): Promise<Page<AuditEntryView>> {
    const conditions: SQL[] = [];
    if (filters.patientUserId) conditions.push(eq(auditLog.patientUserId, filters.patientUserId));
    if (filters.actorUserId) conditions.push(eq(auditLog.actorUserId, filters.actorUserId));
    if (filters.from) conditions.push(gte(auditLog.at, filters.from));
    if (filters.to) conditions.push(lt(auditLog.at, filters.to));
    const where = conditions.length ? and(...conditions) : undefined;
    const [rows, [count]] = await Promise.all([
      this.db
        .select({
          entry: auditLog,
          actorName: actors.name,
          patientName: patientUsers.name,
          registerNumber: patients.registerNumber,
        })
        .from(auditLog)
        .leftJoin(actors, eq(actors.id, auditLog.actorUserId))
        .innerJoin(patientUsers, eq(patientUsers.id, auditLog.patientUserId))
        .innerJoin(patients, eq(patients.userId, auditLog.patientUserId))
        .where(where)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(filters.pageSize)
        .offset(offsetOf(filters.page, filters.pageSize)),
      this.db
        .select({ total: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(where),
    ]);
    return {
      items: rows.map(({ entry, actorName, patientName, registerNumber }) => ({
        id: entry.id,
        at: toZonedIso(entry.at, this.timeZone),
        action: entry.action,
        actor:
          entry.actorUserId && entry.actorRole
            ? { id: entry.actorUserId, name: actorName ?? '', role: entry.actorRole }
            : null,
        patient: { registerNumber, name: patientName },
        ip: entry.ip,
        requestId: entry.requestId,
        details: entry.details,
      })),
      total: count?.total ?? 0,
      page: filters.page,
      pageSize: filters.pageSize,
    };
  }
}

/** The patients an entry is about: a patient's own reads and changes are theirs, not logged. */
function subjectsOf(context: AuditContext, patientUserIds: string[]): string[] {
  const actorUserId = context.actor.kind === 'user' ? context.actor.userId : undefined;
  return patientUserIds.filter((id) => id !== actorUserId);
}
