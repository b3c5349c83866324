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
    const path = nulPath(data);
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

/**
 * The JSON pointer of the first string (or key) holding U+0000, if any. A loop, not recursion:
 * a body nested thousands of levels deep (`[[[[…]]]]` fits in a few kilobytes) must be a 400
 * from the schema, not a stack overflow here.
 */
function nulPath(root: unknown): string | undefined {
  interface Step {
    value: unknown;
    key: string;
    parent: Step | undefined;
  }
  const pointer = (step: Step | undefined): string => {
    const keys: string[] = [];
    for (let at = step; at?.parent; at = at.parent) keys.push(at.key);
    return keys.reverse().join('');
  };
  // Depth first, in document order: children are pushed last to first.
  const stack: Step[] = [{ value: root, key: '', parent: undefined }];
  for (let step = stack.pop(); step; step = stack.pop()) {
    const { value } = step;
    if (typeof value === 'string') {
      if (value.includes('\0')) return pointer(step);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [String(index), item])
      : Object.entries(value);
    // A key with NUL is reported at its parent: the field name is the caller's text.
    if (!Array.isArray(value) && entries.some(([key]) => key.includes('\0'))) {
      return pointer(step);
    }
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, item] = entries[index]!;
      stack.push({ value: item, key: `/${key}`, parent: step });
    }
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
