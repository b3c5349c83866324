import { Type } from 'typebox';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { PageOf } from '../../http/pagination.js';
import { problems } from '../../http/schemas.js';
import {
  Admin,
  AdminIdParams,
  AdminListQuery,
  NewAdminBody,
  UpdateAdminBody,
} from './admins-schemas.js';
import type { AdminsService } from './admins-service.js';

export function adminsRoutes(app: FastifyTypeBox, admins: AdminsService) {
  const tags = ['People'];

  app.post(
    '/admins',
    {
      config: { action: 'admins.create' },
      schema: {
        tags,
        summary: 'Register an admin (clinic staff)',
        body: NewAdminBody,
        response: { 201: Admin, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await admins.create(request.body)),
  );
  app.get(
    '/admins',
    {
      config: { action: 'admins.list' },
      schema: {
        tags,
        summary: 'List admins',
        querystring: AdminListQuery,
        response: { 200: PageOf(Admin), ...problems(400, 401, 403) },
      },
    },
    async (request) => admins.list(request.query),
  );
  app.get(
    '/admins/:id',
    {
      config: { action: 'admins.read' },
      schema: {
        tags,
        summary: 'An admin',
        params: AdminIdParams,
        response: { 200: Admin, ...problems(401, 403, 404) },
      },
    },
    async (request) => admins.get(request.params.id),
  );
  app.patch(
    '/admins/:id',
    {
      config: { action: 'admins.update' },
      schema: {
        tags,
        summary: 'Change an admin',
        description: 'A new password signs that admin out everywhere.',
        params: AdminIdParams,
        body: UpdateAdminBody,
        response: { 200: Admin, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => admins.update(request.params.id, request.body),
  );
  app.delete(
    '/admins/:id',
    {
      config: { action: 'admins.deactivate' },
      schema: {
        tags,
        summary: 'Deactivate an admin (never the last active one)',
        params: AdminIdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await admins.deactivate(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
