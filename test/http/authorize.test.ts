import { describe, expect, it } from 'vitest';
import { anonymous, authorize, type Role, type UserActor } from '../../src/http/access.js';
import { HttpProblem } from '../../src/http/problem.js';

const actor = (role: Role, userId = `${role}-1`): UserActor => ({
  kind: 'user',
  userId,
  role,
  sessionId: 's',
  via: 'bearer',
});

/** The status `authorize` answers with, or 'granted'. */
async function outcome(...args: Parameters<typeof authorize>): Promise<number | 'granted'> {
  try {
    await authorize(...args);
    return 'granted';
  } catch (error) {
    if (error instanceof HttpProblem) return error.status;
    throw error;
  }
}

describe('authorize: one check of a caller against a resource, the policy choosing 403 or 404', () => {
  const appointment = { patientUserId: 'patient-1', professionalUserId: 'professional-1' };
  const load = async () => appointment;

  it('grants what the policy grants', async () => {
    expect(await outcome(actor('patient'), 'appointments.read', load)).toBe('granted');
    expect(await outcome(actor('professional'), 'appointments.read', load)).toBe('granted');
    expect(await outcome(actor('admin', 'anyone'), 'appointments.read', load)).toBe('granted');
  });

  it('answers 404 for what does not exist, to everyone alike', async () => {
    for (const caller of [actor('patient'), actor('admin')]) {
      expect(await outcome(caller, 'appointments.read', async () => undefined)).toBe(404);
    }
  });

  it('tells those involved that they may not (403), and nobody else that it exists (404)', async () => {
    // The appointment's own patient may not call it in: a 403, as it is theirs.
    expect(await outcome(actor('patient'), 'appointments.call', load)).toBe(403);
    // Another patient or professional learns nothing.
    expect(await outcome(actor('patient', 'patient-2'), 'appointments.read', load)).toBe(404);
    expect(await outcome(actor('professional', 'p-2'), 'appointments.read', load)).toBe(404);
  });

  it('hides a patient from other patients, not from the staff', async () => {
    const patient = async () => ({ userId: 'patient-1', attendedBy: [] as string[] });
    expect(await outcome(actor('patient', 'patient-2'), 'patients.read', patient)).toBe(404);
    expect(await outcome(actor('professional'), 'patients.read', patient)).toBe(403);
    const attended = async () => ({ userId: 'patient-1', attendedBy: ['professional-1'] });
    expect(await outcome(actor('professional'), 'patients.read', attended)).toBe('granted');
  });

  it('answers 401 to a caller who is not signed in', async () => {
    expect(await outcome(anonymous, 'appointments.read', load)).toBe(401);
  });
});
