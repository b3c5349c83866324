import type { LightMyRequestResponse } from 'fastify';
import { bearer, type Session, type TestApp } from './app.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Payload = object | string | Buffer;

export interface RequestOptions {
  headers?: Record<string, string>;
}

export interface Requests {
  request(
    method: Method,
    url: string,
    options?: RequestOptions & { payload?: Payload | undefined },
  ): Promise<LightMyRequestResponse>;
  get(url: string, options?: RequestOptions): Promise<LightMyRequestResponse>;
  delete(url: string, options?: RequestOptions): Promise<LightMyRequestResponse>;
  post(url: string, payload?: Payload, options?: RequestOptions): Promise<LightMyRequestResponse>;
  put(url: string, payload?: Payload, options?: RequestOptions): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: Payload, options?: RequestOptions): Promise<LightMyRequestResponse>;
}

export interface AsOptions {
  /** Sees every response, e.g. to check later that none of them leaked a secret. */
  onResponse?: (response: LightMyRequestResponse) => void;
}

/**
 * Speaks HTTP to the test app as the holder of `session` (its bearer token), or as nobody
 * without one: `as(t, admin).post('/api/v1/appointments', body)`. URLs are the full paths.
 */
export function as(
  t: Pick<TestApp, 'app'>,
  session?: Pick<Session, 'token'> | null,
  { onResponse }: AsOptions = {},
): Requests {
  const request: Requests['request'] = async (method, url, { payload, headers } = {}) => {
    const response = await t.app.inject({
      method,
      url,
      headers: { ...headers, ...(session ? bearer(session) : {}) },
      // A request without a body sends none, rather than an empty JSON document.
      ...(payload === undefined ? {} : { payload }),
    });
    onResponse?.(response);
    return response;
  };
  return {
    request,
    get: (url, options) => request('GET', url, options),
    delete: (url, options) => request('DELETE', url, options),
    post: (url, payload, options) => request('POST', url, { ...options, payload }),
    put: (url, payload, options) => request('PUT', url, { ...options, payload }),
    patch: (url, payload, options) => request('PATCH', url, { ...options, payload }),
  };
}
