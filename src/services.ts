import type { Logger } from 'pino';
import type { Config } from './config.js';
import { ChangeFeed } from './db/change-feed.js';
import type { Database } from './db/database.js';
import type { Clock } from './lib/clock.js';
import { createStorage, type FileStorage } from './lib/storage/index.js';
import {
  AccountsHousekeeping,
  AccountsService,
  codeChannels,
  LoginThrottle,
  sharedRateLimit,
  OneTimeCodes,
  recipientsById,
  SessionStore,
} from './modules/accounts/index.js';
import { AuditService } from './modules/audit/index.js';
import { BackupMonitor } from './modules/backups/index.js';
import {
  closeChannels,
  createChannels,
  DeliveryLogService,
  DeliveryRetryService,
  NotificationRetention,
  NotificationWorker,
  ReminderScheduler,
  renderNotice,
  type Channel,
  type ChannelName,
  type RecipientDirectory,
} from './modules/notifications/index.js';
import {
  AdminsService,
  HttpCepLookup,
  noCepLookup,
  PatientsService,
  PhotosService,
  professionalByCouncilNumber,
  ProfessionalsService,
  registerNumberOf,
  type CepLookup,
} from './modules/people/index.js';
import {
  BoardService,
  DisplayService,
  QueueService,
  QueueTransitionsService,
} from './modules/queue/index.js';
import {
  CareTeam,
  ConsultationsService,
  LabReportsListService,
  LabReportsService,
  PrescriptionsService,
  RecordExportService,
} from './modules/records/index.js';
import {
  AppointmentListsService,
  AppointmentsService,
  appointmentStillAt,
  AvailabilityService,
  CalendarService,
  remindableAppointments,
} from './modules/scheduling/index.js';

export interface Services {
  sessions: SessionStore;
  accounts: AccountsService;
  codes: OneTimeCodes;
  audit: AuditService;
  cepLookup: CepLookup;
  patients: PatientsService;
  professionals: ProfessionalsService;
  admins: AdminsService;
  storage: FileStorage;
  photos: PhotosService;
  availability: AvailabilityService;
  appointments: AppointmentsService;
  appointmentLists: AppointmentListsService;
  calendar: CalendarService;
  prescriptions: PrescriptionsService;
  labReports: LabReportsService;
  labReportLists: LabReportsListService;
  consultations: ConsultationsService;
  recordExport: RecordExportService;
  queueTransitions: QueueTransitionsService;
  queue: QueueService;
  board: BoardService;
  /** LISTEN/NOTIFY of this instance, for live streams; closed with the app. */
  changeFeed: ChangeFeed;
  display: DisplayService;
  /** Writes due `appointment.reminder` events; the background work runs it every minute. */
  reminders: ReminderScheduler;
  channels: Record<ChannelName, Channel>;
  notificationWorker: NotificationWorker;
  deliveryLog: DeliveryLogService;
  deliveryRetries: DeliveryRetryService;
  /** Deletes closed messages and processed events older than NOTIFICATION_RETENTION_DAYS. */
  notificationRetention: NotificationRetention;
  accountsHousekeeping: AccountsHousekeeping;
  /** The backups' state for /health and /metrics (the jobs run in server.ts's process). */
  backups: BackupMonitor;
}

/** Wires each module's service to the database and clock; the app and start-up share one set. */
export function createServices(
  config: Config,
  database: Database,
  clock: Clock,
  log: Pick<Logger, 'warn' | 'info' | 'error'>,
): Services {
  const { db } = database;
  const sessions = new SessionStore(db, clock, config.sessions.ttlMinutes, registerNumberOf);
  const throttle = new LoginThrottle(db, config.loginThrottle);
  // Services that need each other get closures over the later ones: each is built once, with
  // everything it needs, before any request can reach it.
  const accounts: AccountsService = new AccountsService(
    db,
    clock,
    sessions,
    throttle,
    config,
    (role, change) =>
      role === 'professional' ? professionals.changingDirectory(change) : change(),
  );
  const audit = new AuditService(db, config.clinic.timeZone);
  const cepLookup = config.cepLookup.url
    ? new HttpCepLookup(config.cepLookup.url, config.cepLookup.timeoutMs, (err) =>
        log.warn({ err }, 'CEP lookup failed; keeping the address as typed'),
      )
    : noCepLookup;
  const patients: PatientsService = new PatientsService(
    db,
    clock,
    accounts,
    audit,
    cepLookup,
    config,
    (professionalUserId, patientUserId) => appointments.attends(professionalUserId, patientUserId),
  );
  // People may not depend on scheduling: the rule that a professional with appointments ahead
  // stays active is handed in.
  const professionals: ProfessionalsService = new ProfessionalsService(
    db,
    clock,
    accounts,
    cepLookup,
    config,
    [
      async (userId) =>
        (await appointments.hasUpcoming(userId))
          ? 'The professional has appointments ahead; cancel or move them first.'
          : undefined,
    ],
  );
  const changeFeed = new ChangeFeed(database.sql, log);
  // Until the feed listens, and if it cannot, these are simply read each time.
  sessions
    .followChanges(changeFeed)
    .catch((err: unknown) => log.warn({ err }, 'sessions are not kept in memory'));
  professionals
    .followChanges(changeFeed)
    .catch((err: unknown) => log.warn({ err }, 'the professionals are not kept in memory'));
  const channels = createChannels(config, log);
  const storage = createStorage({ dataDir: config.dataDir, s3: config.s3 });
  // Notifications use no module (they all write to its outbox): their reads are handed in.
  const recipients: RecipientDirectory = {
    recipients: recipientsById,
    professionalByCouncilNumber,
  };
  const availability = new AvailabilityService(db, clock, professionals, config, database.sql);
  availability
    .followChanges(changeFeed)
    .catch((err: unknown) => log.warn({ err }, 'free slots are not kept in memory'));
  const queue = new QueueService(db, clock, professionals, audit, config);
  const appointments: AppointmentsService = new AppointmentsService(
    db,
    clock,
    patients,
    professionals,
    availability,
    audit,
    config,
  );
  appointments
    .followChanges(changeFeed)
    .catch((err: unknown) => log.warn({ err }, "patients' lists are not kept in memory"));
  const appointmentLists = new AppointmentListsService(
    db,
    clock,
    appointments,
    patients,
    professionals,
    audit,
    config,
    database.sql,
  );
  const careTeam = new CareTeam((professionalUserId, patientUserId) =>
    appointments.attends(professionalUserId, patientUserId),
  );
  const prescriptions = new PrescriptionsService(
    db,
    clock,
    careTeam,
    audit,
    // A pharmacist checks a handful of papers a minute; guessing codes needs millions of tries.
    sharedRateLimit(db, { keyPrefix: 'prescription-verify', points: 30, durationSeconds: 60 }),
    config,
  );
  const labReports = new LabReportsService(
    db,
    clock,
    patients,
    careTeam,
    audit,
    storage,
    config,
    log,
  );
  const labReportLists = new LabReportsListService(db, labReports, audit, (registerNumber) =>
    patients.userIdOf(registerNumber),
  );
  const consultations = new ConsultationsService(
    db,
    clock,
    patients,
    careTeam,
    audit,
    prescriptions,
    labReports,
    config,
  );
  const deliveryLog = new DeliveryLogService(db, config, recipients);
  return {
    sessions,
    accounts,
    codes: new OneTimeCodes(
      db,
      clock,
      accounts,
      codeChannels(config.channels),
      config.passwordResetMaxPerIp,
    ),
    audit,
    cepLookup,
    patients,
    professionals,
    admins: new AdminsService(db, accounts, config.clinic),
    storage,
    photos: new PhotosService(db, storage, patients, professionals, audit, log),
    availability,
    appointments,
    appointmentLists,
    prescriptions,
    labReports,
    labReportLists,
    consultations,
    recordExport: new RecordExportService(
      clock,
      patients,
      appointmentLists,
      consultations,
      prescriptions,
      labReports,
      config,
    ),
    calendar: new CalendarService(db, clock, professionals, appointments, audit, config),
    queueTransitions: new QueueTransitionsService(
      db,
      clock,
      appointments,
      patients,
      professionals,
      consultations,
      config,
    ),
    queue,
    board: new BoardService(db, clock, professionals, appointments, queue, audit, config),
    changeFeed,
    display: new DisplayService(db, clock, changeFeed, config),
    reminders: new ReminderScheduler(db, clock, remindableAppointments, {
      offsetsMinutes: config.reminders.offsetsMinutes,
      timeZone: config.clinic.timeZone,
    }),
    channels,
    notificationWorker: new NotificationWorker(
      db,
      clock,
      channels,
      renderNotice,
      config,
      log,
      recipients,
      appointmentStillAt(db),
    ),
    deliveryLog,
    deliveryRetries: new DeliveryRetryService(db, clock, deliveryLog, (context, id, details, tx) =>
      audit.record(context, 'notification.retry', [id], details, tx),
    ),
    notificationRetention: new NotificationRetention(db, clock, config.notifications.retentionDays),
    accountsHousekeeping: new AccountsHousekeeping(db, clock),
    backups: new BackupMonitor(
      database.sql,
      config.databaseUrl || config.backups.schedule === 'off' ? undefined : config.backups.dir,
      config.databaseUrl
        ? 'DATABASE_URL is set: that PostgreSQL is backed up by its provider, not by ClinicDesk'
        : 'BACKUP_SCHEDULE=off: the embedded database is not backed up',
    ),
  };
}

/** Closes what holds connections or timers besides the database pool. */
export async function closeServices(services: Services): Promise<void> {
  await Promise.allSettled([
    (async () => services.storage.close?.())(),
    services.changeFeed.close(),
    closeChannels(services.channels),
  ]);
}
