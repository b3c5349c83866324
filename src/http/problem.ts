import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * Problem types: stable identifiers clients can match on (RFC 9457 allows non-resolvable URIs).
 * docs/errors.md describes each.
 */
const problemTypes = {
  400: 'validation-error',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'business-rule',
  429: 'rate-limited',
  500: 'internal-error',
  503: 'unavailable',
} as const;

export const problemTypeUri = (slug: string) => `urn:clinicdesk:problem:${slug}`;

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
    ),
  },
  { $id: 'Problem', description: 'An RFC 9457 problem document (application/problem+json).' },
);

/** An error meant for the client: thrown anywhere, rendered as problem+json by the handler. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly options: {
      errors?: FieldError[];
      slug?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new HttpProblem(400, detail, { errors });
export const fieldError = (field: string, message: string) =>
  badRequest('The request has invalid fields.', [{ field, message }]);
export const unauthenticated = (detail = 'Sign in to continue.') =>
  new HttpProblem(401, detail, { headers: { 'www-authenticate': 'Bearer' } });
export const forbidden = (detail = 'You are not allowed to do this.') =>
  new HttpProblem(403, detail);
export const notFound = (detail = 'There is nothing here.') => new HttpProblem(404, detail);
export const conflict = (detail: string, errors?: FieldError[]) =>
  new HttpProblem(409, detail, { errors });
export const unprocessable = (detail: string) => new HttpProblem(422, detail);
export const tooManyRequests = (retryAfterSeconds: number, detail: string) =>
  new HttpProblem(429, detail, { headers: { 'retry-after': String(retryAfterSeconds) } });

/** Makes every error, 404s included, an application/problem+json response with no internals. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpProblem, request, reply) => {
    if (error instanceof HttpProblem) {
      return sendProblem(request, reply, error.status, error.detail, error.options);
    }
    if (error.validation) {
      const errors = error.validation.map((issue) =>
        toFieldError(issue, error.validationContext ?? 'body'),
      );
      return sendProblem(request, reply, 400, 'The request has invalid fields.', { errors });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.log.info({ code: error.code }, 'client error');
      return sendProblem(request, reply, status, clientErrorDetail(error), {
        slug: error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'malformed-request' : undefined,
      });
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, 500, 'Something went wrong on our side. Try again later.');
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 404, `There is no ${request.method} ${urlPath(request)}.`),
  );
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  detail: string,
  options: { errors?: FieldError[]; slug?: string; headers?: Record<string, string> } = {},
) {
  const slug = options.slug ?? problemTypes[status as keyof typeof problemTypes] ?? 'error';
  for (const [name, value] of Object.entries(options.headers ?? {})) reply.header(name, value);
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: problemTypeUri(slug),
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail,
      instance: urlPath(request),
      requestId: request.id,
      ...(options.errors?.length ? { errors: options.errors } : {}),
    });
}

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const contextPrefix: Record<string, string> = {
  body: '',
  querystring: 'query.',
  params: 'path.',
  headers: 'header.',
};

function toFieldError(issue: ValidationIssue, context: string): FieldError {
  const segments = issue.instancePath.split('/').filter(Boolean);
  let message = issue.message ?? 'is invalid';
  if (issue.keyword === 'required') {
    segments.push(String(issue.params.missingProperty));
    message = 'is required';
  } else if (issue.keyword === 'additionalProperties') {
    segments.push(String(issue.params.additionalProperty));
    message = 'is not an accepted field';
  } else if (issue.keyword === 'enum') {
    const allowed = issue.params.allowedValues as unknown[] | undefined;
    if (allowed) message = `must be one of: ${allowed.join(', ')}`;
  }
  const field = (contextPrefix[context] ?? `${context}.`) + (segments.join('.') || '(root)');
  return { field: field.replace(/\.$/, '') || 'body', message };
}

function clientErrorDetail(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'The request body is not valid JSON.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty but its content type says JSON.';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than this server accepts.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'This content type is not accepted here (see the API documentation for this route).';
    default:
      // Fastify's own 4xx messages describe the request, never the server's internals.
      return error.message;
  }
}

/** The path without its query string: queries may carry personal data. */
export function urlPath(request: FastifyRequest): string {
  const url = request.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
