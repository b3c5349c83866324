import createClient, { type Middleware } from 'openapi-fetch';
import { i18n } from '../i18n';
import { ApiProblem, isProblem, OfflineError } from './problems';
import type { paths } from './schema';

// The session lives in an HttpOnly cookie the script never sees; unsafe requests echo this
// readable cookie in a header, which another site cannot do (src/http/authenticate.ts).
const CSRF_COOKIE = 'clinicdesk_csrf';
const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function cookie(name: string): string | undefined {
  const prefix = `${name}=`;
  const found = document.cookie.split('; ').find((entry) => entry.startsWith(prefix));
  return found ? decodeURIComponent(found.slice(prefix.length)) : undefined;
}

const session: Middleware = {
  onRequest({ request }) {
    // Problems come back in the language the user reads the pages in.
    request.headers.set('accept-language', i18n.language);
    const csrf = cookie(CSRF_COOKIE);
    if (!SAFE_METHODS.has(request.method) && csrf) request.headers.set(CSRF_HEADER, csrf);
    return request;
  },
};

/** The API, typed from its own OpenAPI document (`npm run web:api`). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(session);

/**
 * The data of an API call, or the reason it has none: an `ApiProblem` with the API's own
 * (translated) words, or an `OfflineError` when the server could not be reached.
 */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: Awaited<typeof request>;
  try {
    result = await request;
  } catch {
    throw new OfflineError();
  }
  if (result.response.ok) return result.data as T;
  const problem = isProblem(result.error)
    ? result.error
    : { title: result.response.statusText, status: result.response.status };
  throw new ApiProblem(problem);
}
