import { Ajv, type Options } from 'ajv';
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
    (httpPart === 'body' ? strict : textual).compile(schema),
  );
}

function withFormats(ajv: Ajv): Ajv {
  // ajv-formats is CommonJS; its default export arrives wrapped under ESM.
  const module = addFormats as unknown as FormatsPlugin & { default?: FormatsPlugin };
  const plugin = module.default ?? module;
  plugin(ajv);
  return ajv;
}
