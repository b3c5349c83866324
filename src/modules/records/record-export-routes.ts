import { requestContext } from '../../http/actor.js';
import { sendDownload } from '../../http/downloads.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { problems } from '../../http/schemas.js';
import { RegisterNumberParams } from '../people/index.js';
import type { RecordExportService } from './record-export-service.js';

export function recordExportRoutes(app: FastifyTypeBox, exports: RecordExportService) {
  app.get(
    '/patients/:registerNumber/record.zip',
    {
      config: { action: 'records.export' },
      schema: {
        tags: ['Clinical records'],
        summary: 'The patient’s whole record in one download (the patient themself)',
        description:
          'A ZIP with patient.json, appointments.json, consultations.json, every prescription ' +
          'as a PDF, every lab report file, and index.json listing them: the right of access ' +
          'of LGPD art. 18.',
        params: RegisterNumberParams,
        response: {
          200: {
            description: 'The archive.',
            content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
          },
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { stream, fileName } = await exports.export(
        request.params.registerNumber,
        requestContext(request),
      );
      return sendDownload(reply, { body: stream, contentType: 'application/zip', fileName });
    },
  );
}
