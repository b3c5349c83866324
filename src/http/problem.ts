import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { problemLanguage, translateProblemText } from './problem-language.js';

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
  414: 'uri-too-long',
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
/** What this needs is not configured here (a message provider); retrying will not help. */
export const unavailable = (detail: string) => new HttpProblem(503, detail);
export const tooManyRequests = (retryAfterSeconds: number, detail: string) =>
  new HttpProblem(429, detail, { headers: { 'retry-after': String(retryAfterSeconds) } });

/** Makes every error, 404s included, an application/problem+json response with no internals. */
/**
 * A request no route serves may still be a page of the web app (src/http/web-app.ts): true when
 * it answered.
 */
export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => boolean;

export function registerProblemHandlers(app: FastifyInstance, pages?: PageFallback): void {
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
      // `code` is a redacted log path (one-time codes): Fastify's error code goes by another name.
      request.log.info({ errorCode: error.code }, 'client error');
      return sendProblem(request, reply, status, clientErrorDetail(error), {
        slug: error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'malformed-request' : undefined,
      });
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, 500, 'Something went wrong on our side. Try again later.');
  });

  app.setNotFoundHandler((request, reply) => {
    if (pages?.(request, reply)) return reply;
    return sendProblem(
      request,
      reply,
      404,
      'There is no such route. Check the method and the path.',
    );
  });
}

/**
 * Fastify's own answers for URLs it cannot route (a broken percent-encoding, a path parameter
 * over the router's length limit) are plain JSON that quotes the path; these are problem
 * documents that quote nothing. Pass as Fastify's `frameworkErrors` option.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  request.log.info({ errorCode: error.code }, 'client error');
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendProblem(request, reply, 414, 'A part of the path is longer than any valid one.');
  } else if (error.code === 'FST_ERR_BAD_URL') {
    sendProblem(request, reply, 400, 'The path is not a valid URL (broken % encoding).', {
      slug: 'malformed-request',
    });
  } else {
    sendProblem(request, reply, 500, 'Something went wrong on our side. Try again later.');
  }
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  detail: string,
  options: {
    errors?: FieldError[];
    slug?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const slug = options.slug ?? problemTypes[status as keyof typeof problemTypes] ?? 'error';
  for (const [name, value] of Object.entries(options.headers ?? {})) reply.header(name, value);
  const language = problemLanguage(request);
  const say = (text: string) => translateProblemText(text, language);
  const instance = routeOf(request);
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .header('content-language', language)
    .header('vary', 'Accept-Language')
    .send({
      type: problemTypeUri(slug),
      title: say(STATUS_CODES[status] ?? 'Error'),
      status,
      detail: say(detail),
      ...(instance !== undefined && { instance }),
      requestId: request.id,
      ...(options.errors?.length
        ? { errors: options.errors.map((error) => ({ ...error, message: say(error.message) })) }
        : {}),
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
  } else if (issue.keyword === 'formatMaximum' || issue.keyword === 'formatMinimum') {
    const limit = String(issue.params.limit).slice(0, 10);
    message = `must be ${issue.keyword === 'formatMaximum' ? 'on or before' : 'on or after'} ${limit}`;
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
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'The Content-Length header does not match the body.';
    default:
      // Other messages may quote what the caller sent (a header, a path): none is repeated.
      return 'The request could not be read.';
  }
}

/**
 * The route that answered, as the API documentation writes it (`/api/v1/patients/{registerNumber}`):
 * it says where the problem arose without repeating anything the caller sent. None when no
 * route matched.
 */
function routeOf(request: FastifyRequest): string | undefined {
  const url = request.routeOptions.url;
  return url === undefined ? undefined : url.replace(/:(\w+)/g, '{$1}');
}

/** The path without its query string: queries may carry personal data. */
export function urlPath(request: FastifyRequest): string {
  const url = request.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
