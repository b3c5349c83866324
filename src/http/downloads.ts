import type { Readable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';

export interface Download {
  body: Buffer | Readable;
  contentType: string;
  /** The name browsers save it under (any characters: RFC 6266 carries them). */
  fileName: string;
  /** Known for stored files: lets clients show progress. */
  size?: number;
  /** Shown in the browser (a PDF) rather than saved. */
  inline?: boolean;
}

/** A file for its reader: with its name, and never kept by a shared cache (health data). */
export function sendDownload(reply: FastifyReply, download: Download) {
  reply
    .type(download.contentType)
    .header(
      'content-disposition',
      contentDisposition(download.fileName, { type: download.inline ? 'inline' : 'attachment' }),
    )
    .header('cache-control', 'private, no-store');
  if (download.size !== undefined) reply.header('content-length', String(download.size));
  return reply.send(download.body);
}
