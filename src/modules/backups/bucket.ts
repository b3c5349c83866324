import type { S3Client } from '@aws-sdk/client-s3';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createS3Client, loadS3Sdk, type S3StorageOptions } from '../../lib/storage/index.js';

export interface BucketSettings {
  s3: S3StorageOptions;
  /** Every backup object's key starts with it, e.g. `backups/`. */
  prefix: string;
}

/** Parts of a streamed upload: small enough to keep two in memory during the daily backup. */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * The backups' copy in an S3-compatible bucket: objects under one prefix, named like the
 * files in BACKUP_DIR (`wal/<segment>.gz`, `base/<id>/…`). Keys passed in are relative to the
 * prefix.
 */
export class BackupBucket {
  private client: Promise<S3Client> | undefined;

  constructor(private readonly settings: BucketSettings) {}

  /** `s3://bucket/prefix` at the endpoint: where the copy is, for logs and the state file. */
  describe(): string {
    const { s3, prefix } = this.settings;
    return `${s3.endpoint ?? 'aws'} s3://${s3.bucket}/${prefix}`;
  }

  private connected(): Promise<S3Client> {
    this.client ??= createS3Client(this.settings.s3);
    return this.client;
  }

  /**
   * Uploads a stream of unknown length (a tarball being written) in parts, or a file. An
   * upload that fails leaves no object behind: S3 shows an object only once it is complete.
   */
  async upload(key: string, body: Readable | string): Promise<void> {
    const [client, { Upload }] = await Promise.all([
      this.connected(),
      import('@aws-sdk/lib-storage'),
    ]);
    const upload = new Upload({
      client,
      params: {
        Bucket: this.settings.s3.bucket,
        Key: this.key(key),
        Body: typeof body === 'string' ? createReadStream(body) : body,
      },
      partSize: PART_BYTES,
      queueSize: 2,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async putText(key: string, text: string): Promise<void> {
    const [client, { PutObjectCommand }] = await Promise.all([this.connected(), loadS3Sdk()]);
    await client.send(
      new PutObjectCommand({ Bucket: this.settings.s3.bucket, Key: this.key(key), Body: text }),
    );
  }

  async getText(key: string): Promise<string> {
    const response = await this.get(key);
    return response.Body ? await response.Body.transformToString('utf8') : '';
  }

  /** Writes the object to `file` (created with `mode`), streamed. */
  async download(key: string, file: string, mode = 0o600): Promise<void> {
    const response = await this.get(key);
    if (!(response.Body instanceof Readable)) {
      throw new Error(`The bucket answered GET ${key} without a streamed body`);
    }
    await pipeline(response.Body, createWriteStream(file, { mode }));
  }

  /** Every key under `under` (relative to the prefix), in the bucket's order (by key). */
  async list(under: string): Promise<string[]> {
    const [client, { ListObjectsV2Command }] = await Promise.all([this.connected(), loadS3Sdk()]);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: this.settings.s3.bucket,
          Prefix: this.key(under),
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key) keys.push(object.Key.slice(this.settings.prefix.length));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /** Deletes the keys (relative to the prefix), a thousand per request as S3 allows. */
  async deleteAll(keys: string[]): Promise<void> {
    const [client, { DeleteObjectsCommand }] = await Promise.all([this.connected(), loadS3Sdk()]);
    for (let start = 0; start < keys.length; start += 1000) {
      const batch = keys.slice(start, start + 1000);
      const result = await client.send(
        new DeleteObjectsCommand({
          Bucket: this.settings.s3.bucket,
          Delete: { Objects: batch.map((key) => ({ Key: this.key(key) })), Quiet: true },
        }),
      );
      const failed = result.Errors ?? [];
      if (failed.length) {
        throw new Error(
          `The bucket refused to delete ${failed.length} object(s), e.g. ${failed[0]!.Key}: ` +
            `${failed[0]!.Message ?? failed[0]!.Code}`,
        );
      }
    }
  }

  close(): void {
    void this.client?.then((client) => client.destroy());
  }

  private key(relative: string): string {
    return `${this.settings.prefix}${relative}`;
  }

  private async get(key: string) {
    const [client, { GetObjectCommand }] = await Promise.all([this.connected(), loadS3Sdk()]);
    return client.send(
      new GetObjectCommand({ Bucket: this.settings.s3.bucket, Key: this.key(key) }),
    );
  }
}
