import type { GetObjectCommandOutput, PutObjectCommandInput, S3Client } from '@aws-sdk/client-s3';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  assertValidKey,
  type FileStorage,
  type StoredFile,
  type StoredFileStream,
} from './storage.js';

export interface S3StorageOptions {
  bucket: string;
  /** For S3-compatible services (MinIO, Garage, s3rver...); omit for AWS. */
  endpoint?: string;
  region: string;
  /** Most self-hosted services need path-style URLs (`<endpoint>/<bucket>/<key>`). */
  forcePathStyle: boolean;
  /** Both or neither; without them the SDK's default chain (environment, profile, role) applies. */
  accessKeyId?: string;
  secretAccessKey?: string;
}

/**
 * The AWS SDK is some 20 MB of memory once loaded: only a clinic that keeps its files in a
 * bucket pays for it, on the first file.
 */
const sdk = () => import('@aws-sdk/client-s3');

/** Files as objects in one S3 (or S3-compatible) bucket, one object per key. */
export class S3Storage implements FileStorage {
  private client: S3Client | undefined;
  private readonly bucket: string;

  constructor(private readonly options: S3StorageOptions) {
    this.bucket = options.bucket;
  }

  private async connected(): Promise<S3Client> {
    if (this.client) return this.client;
    const { S3Client } = await sdk();
    const { options } = this;
    const { accessKeyId, secretAccessKey } = options;
    this.client ??= new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
      // By default the SDK adds CRC32 checksums to every upload, and for bodies of unknown
      // length sends them as an aws-chunked trailer, which several S3-compatible servers
      // (s3rver among them) store verbatim: the object comes back wrapped in chunk framing.
      // Checksums only where an operation requires them keep uploads plain for every server.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return this.client;
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    await this.putObject(key, { Body: data, ContentType: contentType });
  }

  async putFile(key: string, filePath: string, contentType: string): Promise<void> {
    assertValidKey(key);
    // An open handle cannot fail later with ENOENT, and its size is that of the bytes streamed.
    const source = await fs.open(filePath, 'r');
    try {
      const { size } = await source.stat();
      // S3 refuses a PUT without Content-Length. Given here from the handle being streamed,
      // rather than left to the SDK's own synchronous stat of the stream.
      const body = source.createReadStream();
      await this.putObject(key, { Body: body, ContentLength: size, ContentType: contentType });
    } finally {
      // The stream closes the handle when it ends; this covers an upload that failed first.
      await source.close();
    }
  }

  async get(key: string): Promise<StoredFile | undefined> {
    const response = await this.getObject(key);
    if (response === undefined) return undefined;
    const bytes = response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
    return {
      data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      contentType: contentTypeOf(response),
    };
  }

  async openRead(key: string): Promise<StoredFileStream | undefined> {
    const response = await this.getObject(key);
    if (response === undefined) return undefined;
    const { Body: body, ContentLength: size } = response;
    // In Node the SDK hands over the HTTP response itself, so the bytes flow straight through.
    if (!(body instanceof Readable) || size === undefined) {
      if (body instanceof Readable) body.destroy();
      throw new Error(`S3 answered GET ${key} without a streamed body and its length`);
    }
    return { stream: body, size, contentType: contentTypeOf(response) };
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    // S3 answers 204 whether or not the object existed.
    const [client, { DeleteObjectCommand }] = await Promise.all([this.connected(), sdk()]);
    await client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Closes the client's pooled connections; for tests and shutdown. */
  close(): void {
    this.client?.destroy();
  }

  private async putObject(
    key: string,
    object: Pick<PutObjectCommandInput, 'Body' | 'ContentLength' | 'ContentType'>,
  ): Promise<void> {
    assertValidKey(key);
    const [client, { PutObjectCommand }] = await Promise.all([this.connected(), sdk()]);
    await client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, ...object }));
  }

  /** Undefined when there is no object under `key`. */
  private async getObject(key: string): Promise<GetObjectCommandOutput | undefined> {
    assertValidKey(key);
    const [client, { GetObjectCommand, S3ServiceException }] = await Promise.all([
      this.connected(),
      sdk(),
    ]);
    try {
      return await client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (error instanceof S3ServiceException && isMissingObject(error)) return undefined;
      throw error;
    }
  }
}

function contentTypeOf(response: GetObjectCommandOutput): string {
  return response.ContentType ?? 'application/octet-stream';
}

function isMissingObject(error: { name: string; $metadata: { httpStatusCode?: number } }): boolean {
  if (error.name === 'NoSuchKey') return true;
  // Some S3-compatible servers answer a bare 404 without an error code. A missing bucket is a
  // misconfiguration, though, and must not pass for a missing file.
  return error.$metadata.httpStatusCode === 404 && error.name !== 'NoSuchBucket';
}
