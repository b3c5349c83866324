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
    httpPart === 'body' ? allowingNoBody(strict.compile(schema)) : textual.compile(schema),
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

function withFormats(ajv: Ajv): Ajv {
  // ajv-formats is CommonJS; its default export arrives wrapped under ESM.
  const module = addFormats as unknown as FormatsPlugin & { default?: FormatsPlugin };
  const plugin = module.default ?? module;
  plugin(ajv);
  return ajv;
}
