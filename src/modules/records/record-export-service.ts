import type { Readable } from 'node:stream';
import type { Config } from '../../config.js';
import type { RequestContext } from '../../http/actor.js';
import type { Clock } from '../../lib/clock.js';
import { toZonedIso } from '../../lib/time.js';
import type { PatientsService } from '../people/index.js';
import type { AppointmentListsService, AppointmentView } from '../scheduling/index.js';
import type { ConsultationsService } from './consultations-service.js';
import type { LabReportsService } from './lab-reports-service.js';
import type { PrescriptionsService } from './prescriptions-service.js';

/** One entry of the archive's index. */
interface IndexedFile {
  path: string;
  kind: 'patient' | 'appointments' | 'consultations' | 'prescription' | 'lab-report';
  id?: string;
}

/**
 * A patient's whole record in one download (LGPD art. 18, the right of access): their data,
 * appointments, consultations, prescriptions as PDFs and lab report files, with an index.json
 * that lists every file. Written as a stream: lab files go from storage into the archive.
 */
export class RecordExportService {
  constructor(
    private readonly clock: Clock,
    private readonly patients: PatientsService,
    private readonly appointmentLists: AppointmentListsService,
    private readonly consultations: ConsultationsService,
    private readonly prescriptions: PrescriptionsService,
    private readonly labReports: LabReportsService,
    private readonly config: Pick<Config, 'clinic'>,
  ) {}

  /** Checks the caller first (a 404 is still an answer), then streams the archive. */
  async export(
    registerNumber: string,
    context: RequestContext,
  ): Promise<{ stream: Readable; fileName: string }> {
    const patient = await this.patients.authorized(registerNumber, context, 'records.export');
    const profile = await this.patients.get(registerNumber, context);
    const appointments = await this.allAppointments(registerNumber, context);
    const consultations = await this.consultations.allOf(patient.userId, context.actor);
    // Loaded with the first download: most app processes never build an archive.
    const { ZipArchive } = await import('archiver');
    const archive = new ZipArchive({ zlib: { level: 6 } });
    const files: IndexedFile[] = [];
    const addJson = (path: string, kind: IndexedFile['kind'], value: unknown) => {
      archive.append(JSON.stringify(value, null, 2), { name: path });
      files.push({ path, kind });
    };
    void (async () => {
      addJson('patient.json', 'patient', profile);
      addJson('appointments.json', 'appointments', appointments);
      addJson('consultations.json', 'consultations', consultations);
      for await (const { view, fileName, pdf } of this.prescriptions.documentsOf(patient.userId)) {
        const path = `prescriptions/${fileName}`;
        archive.append(pdf, { name: path });
        files.push({ path, kind: 'prescription', id: view.id });
      }
      for (const report of await this.labReports.allOf(patient.userId)) {
        const file = await this.labReports.openFile(report);
        if (!file) continue;
        const path = `lab-reports/${report.id.slice(0, 8)}-${file.name}`;
        archive.append(file.stream, { name: path });
        files.push({ path, kind: 'lab-report', id: report.id });
      }
      archive.append(
        JSON.stringify(
          {
            generatedAt: toZonedIso(this.clock.now(), this.config.clinic.timeZone),
            clinic: this.config.clinic.name,
            patient: { registerNumber: profile.registerNumber, name: profile.name },
            files,
          },
          null,
          2,
        ),
        { name: 'index.json' },
      );
      await archive.finalize();
    })().catch((error: unknown) => archive.destroy(error as Error));
    return {
      stream: archive,
      fileName: `record-${profile.registerNumber}-${toZonedIso(this.clock.now(), this.config.clinic.timeZone).slice(0, 10)}.zip`,
    };
  }

  private async allAppointments(
    registerNumber: string,
    context: RequestContext,
  ): Promise<AppointmentView[]> {
    const all: AppointmentView[] = [];
    for (const when of ['upcoming', 'past'] as const) {
      for (let page = 1; ; page += 1) {
        const result = await this.appointmentLists.forPatient(
          registerNumber,
          { when, page, pageSize: 100 },
          context,
        );
        all.push(...result.items);
        if (page * result.pageSize >= result.total) break;
      }
    }
    return all;
  }
}
