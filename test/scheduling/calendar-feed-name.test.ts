import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../helpers/app.js';
import { registerProfessional } from '../helpers/people.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ CLINIC_NAME: 'Clínica Boa Saúde' });
});
afterAll(() => t.close());

describe('the calendar feed’s name', () => {
  it('is the clinic’s (CLINIC_NAME) and the professional’s', async () => {
    const admin = await t.login(await t.createUser('admin'));
    const pro = await registerProfessional(t, admin, { name: 'Dra. Duda Reis' });
    const response = await t.app.inject({
      url: `/api/v1/professionals/${pro.councilNumber}/calendar.ics`,
      headers: bearer(pro.session),
    });
    expect(response.statusCode).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(response.body));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(
      'Clínica Boa Saúde — Dra. Duda Reis',
    );
    expect(response.body).not.toContain('ClinicDesk —');
  });
});
