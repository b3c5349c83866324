import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { registerAccessControl } from './http/authenticate.js';
import { DOCS_PREFIX, registerDocsUi, registerOpenApi } from './http/docs.js';
import { registerMetrics } from './http/metrics.js';
import { frameworkErrorHandler, registerProblemHandlers } from './http/problem.js';
import { registerPublicReadLimit } from './http/public-reads.js';
import { registerRequestLog } from './http/request-log.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerEventStreams } from './http/sse.js';
import { registerValidation } from './http/validation.js';
import { registerWebAssets, webPages } from './http/web-app.js';
import { systemClock, type Clock } from './lib/clock.js';
import { MAX_PHOTO_BYTES } from './lib/images.js';
import { accountsRoutes, codesRoutes } from './modules/accounts/index.js';
import { auditRoutes, registerAuditMetrics } from './modules/audit/index.js';
import { registerBackupMetrics } from './modules/backups/index.js';
import { deliveryLogRoutes, registerNotificationMetrics } from './modules/notifications/index.js';
import {
  addressesRoutes,
  adminsRoutes,
  patientsRoutes,
  photosRoutes,
  professionalsRoutes,
} from './modules/people/index.js';
import { boardRoutes, displayRoutes, queueRoutes } from './modules/queue/index.js';
import {
  consultationsRoutes,
  labReportsRoutes,
  prescriptionsRoutes,
  recordExportRoutes,
} from './modules/records/index.js';
import {
  appointmentsRoutes,
  calendarRoutes,
  availabilityRoutes,
} from './modules/scheduling/index.js';
import { clinicRoutes, systemRoutes } from './modules/system/index.js';
import { closeServices, createServices, type Services } from './services.js';
import { version } from './version.js';

export const API_PREFIX = '/api/v1';

export interface AppDeps {
  config: Config;
  database: Database;
  logger: FastifyBaseLogger;
  clock?: Clock;
  services?: Services;
  /** Where the built web app is (tests give their own); `dist/web` of the repository by default. */
  webRoot?: string;
}

/** `npm run build` writes the web app here; from src/ (tsx, tests) and dist/ alike. */
const WEB_ROOT = fileURLToPath(new URL('../dist/web', import.meta.url));

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * Signed-out reads of the public directory per client IP: one visitor's page makes about a
 * dozen (the list, a specialty's slots, the photos), and a browser keeps them a while.
 */
const PUBLIC_READS_PER_MINUTE = 300;

/** The whole HTTP application; server.ts and the tests build it the same way. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const clock = deps.clock ?? systemClock;
  const services = deps.services ?? createServices(config, database, clock, deps.logger);

  const app = Fastify({
    loggerInstance: deps.logger,
    logController: new LogController({
      disableRequestLogging: true,
      requestIdLogLabel: 'requestId',
    }),
    // A caller's own request id (from a proxy) is kept when it is a plain token.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // JSON in and out: a text/plain body is a 415, not a string that fails validation later.
  app.removeContentTypeParser('text/plain');
  registerValidation(app);
  const webRoot = deps.webRoot ?? WEB_ROOT;
  const pages = webPages(webRoot);
  registerProblemHandlers(app, (request, reply) => pages.serve(request, reply));
  // A Secure session cookie declares that the site is served over HTTPS.
  const https = config.sessions.cookieSecure;
  registerSecurityHeaders(app, { https });
  await app.register(cookie);
  await registerOpenApi(app, version);
  registerAccessControl(app, services.sessions, {
    docsPrefix: DOCS_PREFIX,
    settings: { publicDirectory: config.publicDirectory },
  });
  registerPublicReadLimit(app, { perMinute: PUBLIC_READS_PER_MINUTE });
  registerRequestLog(app);
  const metrics = registerMetrics(app);
  registerNotificationMetrics(metrics, services.deliveryLog);
  registerAuditMetrics(metrics, services.audit);
  registerBackupMetrics(metrics, services.backups);
  const eventStreams = registerEventStreams(app);

  systemRoutes(app, {
    database,
    metrics,
    metricsToken: config.metricsToken,
    backups: () => services.backups.snapshot().then((snapshot) => snapshot.health),
    openApiDocument: () => app.swagger(),
  });
  await app.register(
    async (api) => {
      // One file per upload, capped at the photo limit while it streams in (lab reports' route
      // raises its own cap).
      await api.register(multipart, {
        limits: { files: 1, fields: 10, fileSize: MAX_PHOTO_BYTES },
      });
      const typed = api.withTypeProvider<TypeBoxTypeProvider>();
      accountsRoutes(typed, {
        accounts: services.accounts,
        cookieSecure: config.sessions.cookieSecure,
        profileOf: async (userId) => ({
          registerNumber: await services.patients.registerNumberOf(userId),
          councilNumber: await services.professionals.councilNumberOf(userId),
        }),
      });
      clinicRoutes(typed, config, clock);
      codesRoutes(typed, services.codes);
      addressesRoutes(typed, services.cepLookup);
      patientsRoutes(typed, services.patients);
      professionalsRoutes(typed, services.professionals);
      adminsRoutes(typed, services.admins);
      photosRoutes(typed, services.photos);
      availabilityRoutes(typed, services.availability);
      appointmentsRoutes(typed, services.appointments, services.appointmentLists);
      calendarRoutes(typed, services.calendar);
      displayRoutes(typed, services.display, eventStreams);
      queueRoutes(typed, services.queueTransitions, services.queue, {
        streams: eventStreams,
        changeFeed: services.changeFeed,
      });
      boardRoutes(typed, services.board, {
        streams: eventStreams,
        changeFeed: services.changeFeed,
      });
      consultationsRoutes(typed, services.consultations);
      prescriptionsRoutes(typed, services.prescriptions);
      labReportsRoutes(typed, services.labReports, {
        uploadDir: path.join(config.dataDir, 'uploads'),
        lists: services.labReportLists,
      });
      recordExportRoutes(typed, services.recordExport);
      deliveryLogRoutes(typed, services.deliveryLog, services.deliveryRetries);
      auditRoutes(typed, services.audit, (registerNumber) =>
        services.patients.userIdOf(registerNumber),
      );
    },
    { prefix: API_PREFIX },
  );
  await registerDocsUi(app, https);
  await registerWebAssets(app, webRoot);
  // After the open event streams ended (sse.ts): nothing listens any more.
  app.addHook('onClose', async () => closeServices(services));
  return app;
}
