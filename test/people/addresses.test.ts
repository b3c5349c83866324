import { describe, expect, it } from 'vitest';
import { bearer, createTestApp } from '../helpers/app.js';

describe('probe', () => {
  it('probes', async () => {
    const t = await createTestApp({ DATA_DIR: '/tmp/probe-data-x' });
    const admin = await t.login(await t.createUser('admin'));
    const signup = (address: object, email: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/patients',
        payload: {
          name: 'P',
          email,
          password: 'secret-pass-123',
          phone: '(21) 98765-4321',
          birthDate: '1990-05-17',
          gender: 'female',
          address,
        },
      });
    const r1 = await signup({ postCode: '20031-170', houseNumber: '   ', street: '  ' }, 'a1@example.com');
    console.log('ws', r1.statusCode, r1.body);
    const rn = r1.json().registerNumber;
    const s = await t.login({ email: 'a1@example.com', password: 'secret-pass-123' });
    const form = new FormData();
    form.append('photo', 'abc');
    const r2 = await t.app.inject({ method: 'PUT', url: `/api/v1/patients/${rn}/photo`, headers: bearer(s), payload: form });
    console.log('textfield', r2.statusCode, r2.body);
    const prof = (digits: string, email: string, postCode = '20031-170') =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/professionals',
        headers: bearer(admin),
        payload: { name: 'D', email, password: 'secret-pass-123', phone: '(21) 98765-4321', specialty: 'Cardiologia', councilNumber: digits, address: { postCode, houseNumber: '1' } },
      });
    console.log('p1', (await prof('1234', 'd1@example.com')).statusCode);
    const p2 = await prof('1234', 'd2@example.com');
    console.log('p2', p2.statusCode, p2.body);
    const p3 = await prof('1234', 'd1@example.com', '01310-100');
    console.log('p3 dup email', p3.statusCode, p3.body);
    const r4 = await t.app.inject({ method: 'PUT', url: `/api/v1/patients/${rn}/photo`, headers: { ...bearer(s), 'content-type': 'text/plain' }, payload: 'hello' });
    console.log('textplain', r4.statusCode, r4.body);
    const r5 = await t.app.inject({ method: 'PUT', url: `/api/v1/patients/${rn}/photo`, headers: bearer(s) });
    console.log('nobody', r5.statusCode, r5.body);
    await t.close();
  });
});
