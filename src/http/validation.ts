import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats, { type FormatsPlugin } from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/**
 * Bodies are validated as sent: a number where a string belongs is a 400, not quietly turned
 * into "42". Query strings, path parameters and headers arrive as text, so those convert types
 * and take schema defaults. In both, unknown fields are rejected rather than silently dropped
 * (Fastify's default) and every problem is reported at once.
 */
export function registerValidation(app: FastifyInstance): void {
  const common: Options = { removeAdditional: false, allErrors: true, useDefaults: true };
  const strict = withFormats(new Ajv({ ...common, coerceTypes: false }));
  const textual = withFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) =>
    refusingNul(
      httpPart === 'body' ? allowingNoBody(strict.compile(schema)) : textual.compile(schema),
    ),
  );
}

type Validate = ((data: unknown) => boolean | { value: unknown }) & {
  errors?: ValidateFunction['errors'];
};

/**
 * A body whose fields are all optional may be left out: `POST /appointments/{id}/check-in`
 * with nothing to add is a natural request. Fastify hands a missing body to the validator as
 * `null`; when `{}` is a valid body, the request gets `{}` (with its defaults).
 */
function allowingNoBody(validate: ValidateFunction): Validate {
  const acceptsEmpty = validate({});
  const wrapped: Validate = (data) => {
    if (data === null && acceptsEmpty) {
      const empty = {};
      validate(empty);
      return { value: empty };
    }
    const valid = validate(data);
    wrapped.errors = validate.errors;
    return valid;
  };
  return wrapped;
}

/**
 * PostgreSQL's text cannot hold U+0000 and refuses the whole statement, so a NUL anywhere in a
 * body, query or path would be a 500 deep inside a service. It is refused here, for every route,
 * as a 400 that names the field, before the schema's own checks run.
 */
function refusingNul(validate: Validate): Validate {
  const wrapped: Validate = (data) => {
    const path = nulPath(data, '');
    if (path !== undefined) {
      wrapped.errors = [
        {
          instancePath: path,
          schemaPath: '#/nul',
          keyword: 'nul',
          params: {},
          message: 'must not contain the NUL character (\\u0000)',
        },
      ];
      return false;
    }
    const result = validate(data);
    wrapped.errors = validate.errors;
    return result;
  };
  return wrapped;
}

/** The JSON pointer of the first string (or key) holding U+0000, if any. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = nulPath(value[index], `${path}/${index}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    // A key with NUL is reported at its parent: the field name is the caller's text.
    if (key.includes('\0')) return path;
    const found = nulPath(item, `${path}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

function withFormats(ajv: Ajv): Ajv {
  // ajv-formats is CommonJS; its default export arrives wrapped under ESM.
  const module = addFormats as unknown as FormatsPlugin & { default?: FormatsPlugin };
  const plugin = module.default ?? module;
  plugin(ajv);
  return ajv;
}
