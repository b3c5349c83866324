import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requestContext } from '../../http/actor.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { multipartClientError } from '../../http/multipart.js';
import { fieldError, HttpProblem } from '../../http/problem.js';
import { problems } from '../../http/schemas.js';
import type { StoredFile } from '../../lib/storage/index.js';
import { RegisterNumberParams } from './patients-schemas.js';
import type { PhotosService } from './photos-service.js';
import { CouncilNumberParams } from './professionals-schemas.js';

const uploadDescription =
  'multipart/form-data with one file field `photo`: JPEG, PNG or WebP (decided by content), ' +
  'at most 5 MB. Stored resized to fit 512×512, without any metadata.';
const photoResponse = {
  200: {
    description: 'The photo (JPEG).',
    content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } },
  },
  ...problems(401, 403, 404),
};

export function photosRoutes(app: FastifyTypeBox, photos: PhotosService) {
  const tags = ['People'];

  app.put(
    '/patients/:registerNumber/photo',
    {
      config: { action: 'patients.photo.update' },
      schema: {
        tags,
        summary: 'Upload a patient’s photo',
        description: uploadDescription,
        consumes: ['multipart/form-data'],
        params: RegisterNumberParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      await photos.setPatientPhoto(
        request.params.registerNumber,
        () => readPhoto(request),
        requestContext(request),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/patients/:registerNumber/photo',
    {
      config: { action: 'patients.photo.read' },
      schema: {
        tags,
        summary: 'A patient’s photo',
        params: RegisterNumberParams,
        response: photoResponse,
      },
    },
    async (request, reply) =>
      sendPhoto(
        reply,
        await photos.patientPhoto(request.params.registerNumber, requestContext(request)),
      ),
  );

  app.put(
    '/professionals/:councilNumber/photo',
    {
      config: { action: 'professionals.photo.update' },
      schema: {
        tags,
        summary: 'Upload a professional’s photo',
        description: uploadDescription,
        consumes: ['multipart/form-data'],
        params: CouncilNumberParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      await photos.setProfessionalPhoto(
        request.params.councilNumber,
        () => readPhoto(request),
        requestContext(request),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/professionals/:councilNumber/photo',
    {
      config: { action: 'professionals.photo.read' },
      schema: {
        tags,
        summary: 'A professional’s photo',
        params: CouncilNumberParams,
        response: { ...photoResponse, ...problems(429) },
      },
    },
    async (request, reply) =>
      sendPhoto(
        reply,
        await photos.professionalPhoto(request.params.councilNumber, requestContext(request)),
      ),
  );
}

async function readPhoto(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new HttpProblem(415, 'Send the photo as multipart/form-data, in a field named photo.');
  }
  try {
    const file = await request.file();
    if (!file || file.fieldname !== 'photo') throw fieldError('photo', 'is required');
    // Throws a 413 past the plugin's fileSize limit, before the whole upload is buffered.
    return await file.toBuffer();
  } catch (error) {
    throw multipartClientError(error, 'photo');
  }
}

function sendPhoto(reply: FastifyReply, photo: StoredFile) {
  return (
    reply
      .type(photo.contentType)
      // Personal data: browsers may keep it briefly, shared caches never.
      .header('cache-control', 'private, max-age=300')
      .send(photo.data)
  );
}
