import type { S3Client } from '@aws-sdk/client-s3';

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
 * The AWS SDK is some 20 MB of memory once loaded: only a clinic that uses a bucket (for its
 * files or its backups) pays for it, on first use.
 */
export const loadS3Sdk = () => import('@aws-sdk/client-s3');

/** A client for the bucket's service, configured the same way for every use of it. */
export async function createS3Client(options: S3StorageOptions): Promise<S3Client> {
  const { S3Client } = await loadS3Sdk();
  const { accessKeyId, secretAccessKey } = options;
  return new S3Client({
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
}
