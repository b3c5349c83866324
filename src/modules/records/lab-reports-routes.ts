import type { FastifyRequest } from 'fastify';
import { requestContext } from '../../http/actor.js';
import { sendDownload } from '../../http/downloads.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { multipartClientError } from '../../http/multipart.js';
import { PageOf } from '../../http/pagination.js';
import { fieldError, HttpProblem } from '../../http/problem.js';
import { problems } from '../../http/schemas.js';
import {
  EmptyUploadError,
  spoolUpload,
  UnsupportedFileTypeError,
  UploadTooLargeError,
  type SpooledFile,
} from '../../lib/uploads.js';
import { RegisterNumberParams } from '../people/index.js';
import {
  LabReport,
  LabReportParams,
  LabReportsListQuery,
  LabReportsQuery,
  NewLabReportBody,
} from './lab-reports-schemas.js';
import type { LabReportsListService } from './lab-reports-list-service.js';
import type { LabReportsService } from './lab-reports-service.js';

export const MAX_LAB_REPORT_BYTES = 20 * 1024 * 1024;

export function labReportsRoutes(
  app: FastifyTypeBox,
  labReports: LabReportsService,
  options: { uploadDir: string; lists: LabReportsListService },
) {
  const tags = ['Clinical records'];

  app.get(
    '/lab-reports',
    {
      config: { action: 'labReports.listAll' },
      schema: {
        tags,
        summary: 'Lab reports across patients: pending ones first (oldest requested first)',
        description:
          'For the desk, with each patient and who ordered it. A professional gets those of the ' +
          'patients they care for. Admins see their status; the file’s details only its readers.',
        querystring: LabReportsListQuery,
        response: { 200: PageOf(LabReport), ...problems(400, 401, 403) },
      },
    },
    async (request) => options.lists.list(request.query, requestContext(request)),
  );

  app.post(
    '/patients/:registerNumber/lab-reports',
    {
      config: { action: 'labReports.create' },
      schema: {
        tags,
        summary: 'Order or register a lab report (pending until its result is uploaded)',
        description:
          'A professional caring for the patient orders it (optionally in a consultation); the ' +
          'desk registers one, and with `appointmentId` its professional counts as ordering it.',
        params: RegisterNumberParams,
        body: NewLabReportBody,
        response: { 201: LabReport, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await labReports.create(
            request.params.registerNumber,
            request.body,
            requestContext(request),
          ),
        ),
  );

  app.get(
    '/patients/:registerNumber/lab-reports',
    {
      config: { action: 'labReports.list' },
      schema: {
        tags,
        summary: 'A patient’s lab reports, pending and ready (latest requested first)',
        description: 'Admins see their status; the file’s details only its readers.',
        params: RegisterNumberParams,
        querystring: LabReportsQuery,
        response: { 200: PageOf(LabReport), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      labReports.list(request.params.registerNumber, request.query, requestContext(request)),
  );

  app.put(
    '/lab-reports/:id/file',
    {
      config: { action: 'labReports.upload' },
      schema: {
        tags,
        summary: 'Upload a lab report’s result file (it becomes ready; the patient is told)',
        description:
          'multipart/form-data with one file field `file`: PDF, JPEG or PNG (decided by ' +
          'content), at most 20 MB. A later upload replaces it and the earlier one is kept.',
        consumes: ['multipart/form-data'],
        params: LabReportParams,
        response: { 200: LabReport, ...problems(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) =>
      labReports.upload(
        request.params.id,
        () => readResultFile(request, options.uploadDir),
        requestContext(request),
      ),
  );

  app.get(
    '/lab-reports/:id/file',
    {
      config: { action: 'labReports.file.read' },
      schema: {
        tags,
        summary: 'A lab report’s result file',
        params: LabReportParams,
        response: {
          200: {
            description: 'The file, with its content type.',
            content: {
              'application/pdf': { schema: { type: 'string', format: 'binary' } },
              'image/jpeg': { schema: { type: 'string', format: 'binary' } },
              'image/png': { schema: { type: 'string', format: 'binary' } },
            },
          },
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const file = await labReports.download(request.params.id, requestContext(request));
      return sendDownload(reply, {
        body: file.stream,
        contentType: file.contentType,
        fileName: file.fileName,
        size: file.size,
      });
    },
  );
}

/** The upload, streamed to a temporary file as it arrives; 413 past 20 MB, 415 if not a PDF or image. */
async function readResultFile(request: FastifyRequest, dir: string): Promise<SpooledFile> {
  if (!request.isMultipart()) {
    throw new HttpProblem(415, 'Send the file as multipart/form-data, in a field named file.');
  }
  try {
    const part = await request.file({ limits: { fileSize: MAX_LAB_REPORT_BYTES, files: 1 } });
    if (!part || part.fieldname !== 'file') throw fieldError('file', 'is required');
    return await spoolUpload(part.file, {
      dir,
      maxBytes: MAX_LAB_REPORT_BYTES,
      accept: ['application/pdf', 'image/jpeg', 'image/png'],
      isTruncated: () => part.file.truncated,
    });
  } catch (error) {
    if (error instanceof UploadTooLargeError) {
      throw new HttpProblem(413, 'The file is larger than 20 MB.');
    }
    if (error instanceof UnsupportedFileTypeError) {
      throw new HttpProblem(415, 'The file must be a PDF, JPEG or PNG.', {
        errors: [{ field: 'file', message: 'must be a PDF, JPEG or PNG' }],
      });
    }
    if (error instanceof EmptyUploadError) throw fieldError('file', 'is empty');
    throw multipartClientError(error, 'file');
  }
}
