import { expect } from 'vitest';
import type { Session, TestApp } from './app.js';
import type { SignedUpPatient } from './people.js';
import { as } from './requests.js';
import { bookAppointment, SUNDAY_MORNING, type RegisteredProfessional } from './scheduling.js';

/**
 * A consultation through the API, as the clinic has it: booked by the desk on Sunday, the
 * patient checked in at the appointment's time, called in and seen by the professional, who
 * finishes with `finish` (notes, diagnoses, follow-up). The clock is left at the finish.
 * Returns the appointment's id. `startsAt` is a weekday morning's slot (`2026-12-07T08:00`).
 */
export async function consultation(
  t: TestApp,
  admin: Session,
  patient: SignedUpPatient,
  pro: RegisteredProfessional,
  startsAt: string,
  finish: Record<string, unknown> = { notes: 'Consulta de rotina.' },
): Promise<string> {
  const id = await inTheRoom(t, admin, patient, pro, startsAt);
  const finished = await as(t, pro.session).post(`/api/v1/appointments/${id}/finish`, finish);
  expect(finished.statusCode, finished.body).toBe(200);
  return id;
}

/** As `consultation`, stopping once the patient was called in (the appointment in progress). */
export async function inTheRoom(
  t: TestApp,
  admin: Session,
  patient: SignedUpPatient,
  pro: RegisteredProfessional,
  startsAt: string,
): Promise<string> {
  t.clock.set(SUNDAY_MORNING);
  const start = `${startsAt}:00-03:00`;
  const id = await bookAppointment(t, admin, {
    professional: pro.councilNumber,
    patient: patient.registerNumber,
    startsAt: start,
  });
  t.clock.set(new Date(start));
  const checkIn = await as(t, admin).post(`/api/v1/appointments/${id}/check-in`);
  expect(checkIn.statusCode, checkIn.body).toBe(200);
  const call = await as(t, pro.session).post(`/api/v1/appointments/${id}/call`);
  expect(call.statusCode, call.body).toBe(200);
  return id;
}

/** A multipart body with one file field, as a browser's form sends it. */
export function fileForm(
  data: Buffer,
  options: { field?: string; type?: string; name?: string } = {},
) {
  const form = new FormData();
  form.append(
    options.field ?? 'file',
    new Blob([new Uint8Array(data)], { type: options.type ?? 'application/pdf' }),
    options.name ?? 'resultado.pdf',
  );
  return form;
}

/** A small but real PDF (what a lab's system exports), `marker` in its text. */
export function labPdf(marker = 'Hemograma completo'): Buffer {
  const content = `BT /F1 12 Tf 72 720 Td (${marker}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
