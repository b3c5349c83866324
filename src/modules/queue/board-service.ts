import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/actor.js';
import type { AuditService } from '../audit/index.js';
import type { Clock } from '../../lib/clock.js';
import { todayIn } from '../../lib/dates.js';
import { addDays, startOfDay, toZonedIso } from '../../lib/time.js';
import type { ProfessionalRecord, ProfessionalsService } from '../people/index.js';
import {
  appointmentsStartingIn,
  professionalsWorkingOn,
  type AppointmentsService,
} from '../scheduling/index.js';
import type { BoardProfessionalView, BoardView } from './board-schemas.js';
import type { QueueService } from './queue-service.js';

/**
 * The front desk's day at a glance: every professional expected at work or with appointments,
 * each with all of the day's appointments and, today, the queue's own order of who waits.
 */
export class BoardService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly professionals: ProfessionalsService,
    private readonly appointments: AppointmentsService,
    private readonly queue: QueueService,
    private readonly audit: AuditService,
    private readonly config: Pick<Config, 'clinic'>,
  ) {}

  /** The board for an admin's request: every patient shown is audited. */
  async read(date: string | undefined, context: RequestContext): Promise<BoardView> {
    const { board, patientUserIds } = await this.snapshot(date);
    await this.recordReading(patientUserIds, context);
    return board;
  }

  async recordReading(patientUserIds: string[], context: RequestContext): Promise<void> {
    if (patientUserIds.length) await this.audit.record(context, 'board.read', patientUserIds);
  }

  /** The board of a day (today by default) and whose data it shows. */
  async snapshot(date?: string): Promise<{ board: BoardView; patientUserIds: string[] }> {
    const timeZone = this.config.clinic.timeZone;
    const now = this.clock.now();
    const today = todayIn(timeZone, this.clock);
    const day = date ?? today;
    // Noon UTC of a calendar day is that day everywhere: its weekday is the day's.
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    const [records, working, active] = await Promise.all([
      appointmentsStartingIn(
        this.db,
        startOfDay(day, timeZone),
        startOfDay(addDays(day, 1), timeZone),
      ),
      professionalsWorkingOn(this.db, weekday),
      this.activeProfessionals(),
    ]);
    const onDuty = new Set([...working, ...records.map((record) => record.professionalUserId)]);
    const shown = active.filter((professional) => onDuty.has(professional.userId));
    const shownIds = new Set(shown.map((professional) => professional.userId));
    const professionals = await Promise.all(
      shown.map(async (professional): Promise<BoardProfessionalView> => {
        const own = records.filter((record) => record.professionalUserId === professional.userId);
        // The queue is today's only; another day has nobody waiting.
        const waiting =
          day === today ? (await this.queue.snapshot(professional)).snapshot.waiting : [];
        return {
          councilNumber: professional.councilNumber,
          name: professional.name,
          specialty: professional.specialty,
          officeNumber: professional.officeNumber,
          appointments: own.map((record) => this.appointments.view(record)),
          waiting: waiting.map(({ appointmentId, position, estimatedWaitMinutes }) => ({
            appointmentId,
            position,
            estimatedWaitMinutes,
          })),
        };
      }),
    );
    // Appointments of deactivated professionals are not on the board, nor audited as shown.
    const shownPatients = records
      .filter((record) => shownIds.has(record.professionalUserId))
      .map((record) => record.patientUserId);
    return {
      board: { date: day, now: toZonedIso(now, timeZone), professionals },
      patientUserIds: [...new Set(shownPatients)],
    };
  }

  /** Every active professional, by name (through the specialties: the directory's cache). */
  private async activeProfessionals(): Promise<ProfessionalRecord[]> {
    const specialties = await this.professionals.listSpecialties();
    const lists = await Promise.all(
      specialties.map((specialty) => this.professionals.activeOfSpecialty(specialty.name)),
    );
    return lists
      .flat()
      .sort(
        (a, b) =>
          a.name.localeCompare(b.name, 'pt-BR') || a.councilNumber.localeCompare(b.councilNumber),
      );
  }
}
