import type { GetObjectCommandOutput, PutObjectCommandInput, S3Client } from '@aws-sdk/client-s3';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createS3Client, loadS3Sdk as sdk, type S3StorageOptions } from './s3-client.js';
import {
  assertValidKey,
  type FileStorage,
  type StoredFile,
  type StoredFileStream,
} from './storage.js';

/** Files as objects in one S3 (or S3-compatible) bucket, one object per key. */
export class S3Storage implements FileStorage {
  private client: Promise<S3Client> | undefined;
  private readonly bucket: string;

  constructor(private readonly options: S3StorageOptions) {
    this.bucket = options.bucket;
  }

  /** One client however many requests ask for it at once. */
  private connected(): Promise<S3Client> {
    this.client ??= createS3Client(this.options);
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
    void this.client?.then((client) => client.destroy());
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
