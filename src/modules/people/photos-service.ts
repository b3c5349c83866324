import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/actor.js';
import { fieldError, notFound } from '../../http/problem.js';
import { randomToken } from '../../lib/crypto.js';
import { InvalidImageError, processPhoto } from '../../lib/images.js';
import type { FileStorage, StoredFile } from '../../lib/storage/index.js';
import type { AccessLog } from './access-log.js';
import type { PatientsService } from './patients-service.js';
import type { ProfessionalsService } from './professionals-service.js';

/**
 * Photos of patients and professionals. Only a processed copy is kept (resized, re-encoded,
 * every metadata block such as the EXIF location dropped); the upload itself is discarded.
 */
export class PhotosService {
  constructor(
    private readonly db: Db,
    private readonly storage: FileStorage,
    private readonly patients: PatientsService,
    private readonly professionals: ProfessionalsService,
    private readonly audit: AccessLog,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /** `readUpload` runs only once the caller is known to be allowed: no one else's 5 MB is read. */
  async setPatientPhoto(
    registerNumber: string,
    readUpload: () => Promise<Buffer>,
    context: RequestContext,
  ) {
    const patient = await this.patients.authorized(
      registerNumber,
      context,
      'patients.photo.update',
    );
    const key = await this.store('patients', patient.userId, await readUpload());
    await this.db.transaction(async (tx) => {
      await this.patients.setPhotoKey(patient.userId, key, tx);
      await this.audit.record(context, 'patient.photo.update', [patient.userId], undefined, tx);
    });
    await this.discard(patient.photoKey);
  }

  async patientPhoto(registerNumber: string, context: RequestContext): Promise<StoredFile> {
    const patient = await this.patients.authorized(registerNumber, context, 'patients.photo.read');
    const photo = await this.load(patient.photoKey);
    await this.audit.record(context, 'patient.photo.read', [patient.userId]);
    return photo;
  }

  async setProfessionalPhoto(
    councilNumber: string,
    readUpload: () => Promise<Buffer>,
    context: RequestContext,
  ) {
    const professional = await this.professionals.authorized(
      councilNumber,
      context,
      'professionals.photo.update',
    );
    const key = await this.store('professionals', professional.userId, await readUpload());
    await this.professionals.setPhotoKey(professional.userId, key);
    await this.discard(professional.photoKey);
  }

  async professionalPhoto(councilNumber: string, context: RequestContext): Promise<StoredFile> {
    const professional = await this.professionals.resolveFor(councilNumber, context);
    return this.load(professional.photoKey);
  }

  private async store(kind: string, userId: string, upload: Buffer): Promise<string> {
    let photo;
    try {
      photo = await processPhoto(upload);
    } catch (error) {
      if (error instanceof InvalidImageError) throw fieldError('photo', error.message);
      throw error;
    }
    // A new name per upload: caches holding the old URL's bytes can never show a stale face.
    const key = `photos/${kind}/${userId}/${randomToken(12)}.jpg`;
    await this.storage.put(key, photo.display.data, photo.display.contentType);
    return key;
  }

  private async load(key: string | null): Promise<StoredFile> {
    const photo = key ? await this.storage.get(key) : undefined;
    if (!photo) throw notFound('There is no photo.');
    return photo;
  }

  /** The replaced photo goes after the new one is committed; failing that only leaves garbage. */
  private async discard(key: string | null): Promise<void> {
    if (!key) return;
    await this.storage.delete(key).catch((err: unknown) => {
      this.log.warn({ err, key }, 'could not delete a replaced photo');
    });
  }
}
