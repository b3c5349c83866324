import { Type, type TProperties, type TObjectOptions } from 'typebox';

/**
 * An object schema that rejects unknown fields (400) instead of silently dropping them, so a
 * client's typo or an attempt to set a protected field never passes unnoticed.
 */
export function StrictObject<T extends TProperties>(properties: T, options: TObjectOptions = {}) {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

/** Problem responses a route can give, for its OpenAPI description (the shared `Problem`). */
export function problems(...statuses: number[]) {
  const problem = {
    description: 'A problem document (RFC 9457).',
    content: { 'application/problem+json': { schema: Type.Ref('Problem') } },
  };
  return Object.fromEntries(statuses.map((status) => [status, problem]));
}
