import path from 'node:path';
import { LocalDiskStorage } from './local-disk-storage.js';
import type { S3StorageOptions } from './s3-client.js';
import { S3Storage } from './s3-storage.js';
import type { FileStorage } from './storage.js';

export { LocalDiskStorage } from './local-disk-storage.js';
export { createS3Client, loadS3Sdk, type S3StorageOptions } from './s3-client.js';
export { S3Storage } from './s3-storage.js';
export { assertValidKey, type FileStorage, type StoredFile } from './storage.js';

export interface StorageSettings {
  dataDir: string;
  /** Given: files go to this bucket. Absent: they go to `<dataDir>/files` on this machine. */
  s3?: S3StorageOptions;
}

export function createStorage(settings: StorageSettings): FileStorage {
  if (settings.s3) return new S3Storage(settings.s3);
  return new LocalDiskStorage(path.join(settings.dataDir, 'files'));
}
