import type { Session, TestApp } from './app.js';
import { as } from './requests.js';

/** Who calls, in the route × caller tables: nobody, two of each role, and an admin. */
export type Caller =
  'anonymous' | 'patientA' | 'patientB' | 'professionalA' | 'professionalB' | 'admin';
export const callers: readonly Caller[] = [
  'anonymous',
  'patientA',
  'patientB',
  'professionalA',
  'professionalB',
  'admin',
];
export type CallerSessions = Record<Exclude<Caller, 'anonymous'>, Session>;

export interface MatrixCase {
  route: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path and body for one call: destructive cases make a fresh target each time. */
  request: () => Promise<{
    url: string;
    payload?: object | Buffer;
    headers?: Record<string, string>;
  }>;
  expect: Record<Caller, number>;
}

/** Every case as every caller; returns the calls answered otherwise than expected. */
export async function wrongAnswers(
  t: TestApp,
  cases: readonly MatrixCase[],
  sessions: CallerSessions,
): Promise<string[]> {
  const wrong: string[] = [];
  for (const testCase of cases) {
    for (const caller of callers) {
      const { url, payload, headers } = await testCase.request();
      const session = caller === 'anonymous' ? null : sessions[caller];
      const response = await as(t, session).request(testCase.method, url, { payload, headers });
      if (response.statusCode !== testCase.expect[caller]) {
        wrong.push(
          `${testCase.route} as ${caller}: want ${testCase.expect[caller]}, got ` +
            `${response.statusCode} ${response.body.slice(0, 160)}`,
        );
      }
    }
  }
  return wrong;
}
