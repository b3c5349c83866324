/* eslint-disable no-console -- a developer's command: it reports to the terminal */
// Renders a realistic pt-BR prescription to docs/images/ (the PDF, and a PNG of its first page
// through poppler's pdftoppm) to look at the layout: npx tsx scripts/render-sample-prescription.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type PrescriptionDocument,
  renderPrescriptionPdf,
} from '../src/modules/records/prescription-pdf.js';

const outputDir = join(import.meta.dirname, '..', 'docs', 'images');

const sample: PrescriptionDocument = {
  clinic: {
    name: 'Clínica São Lucas',
    address: 'Rua das Laranjeiras, 120 – Laranjeiras, Rio de Janeiro – RJ, 22240-003',
    phone: '(21) 2556-4410',
  },
  professional: {
    name: 'Dra. Ana Beatriz Conceição',
    specialty: 'Cardiologia',
    councilNumber: '9876-RJ',
  },
  patient: { name: 'João Câmara', registerNumber: 'ZxcVaS-2' },
  issuedAt: new Date('2026-12-01T23:30:00Z'),
  timeZone: 'America/Sao_Paulo',
  language: 'pt-BR',
  items: [
    {
      drug: 'Losartana potássica 50 mg',
      dosage: '1 comprimido, via oral, uma vez ao dia',
      instructions: 'Tomar pela manhã, sempre no mesmo horário. Não interromper sem orientação.',
      quantity: '30 comprimidos',
    },
    {
      drug: 'Ácido acetilsalicílico 100 mg',
      dosage: '1 comprimido, via oral, uma vez ao dia',
      instructions: 'Tomar após o almoço. Suspender e procurar atendimento em caso de sangramento.',
      quantity: '30 comprimidos',
    },
    {
      drug: 'Sinvastatina 20 mg',
      dosage: '1 comprimido, via oral, à noite',
      instructions: 'Uso contínuo. Evitar consumo excessivo de suco de toranja (grapefruit).',
      quantity: '1 caixa',
    },
  ],
  verification: {
    code: '7KQ2-M9XD-4TNB-R8WE',
    url: 'https://clinica.example.com.br/prescriptions/verify/7KQ2-M9XD-4TNB-R8WE',
  },
  revoked: null,
};

async function main(): Promise<void> {
  mkdirSync(outputDir, { recursive: true });
  const pdfPath = join(outputDir, 'sample-prescription.pdf');
  const pdf = await renderPrescriptionPdf(sample);
  writeFileSync(pdfPath, pdf);
  // -singlefile writes <prefix>.png (the first page), without a page-number suffix.
  const pngPrefix = join(outputDir, 'sample-prescription');
  execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', pdfPath, pngPrefix]);
  console.log(`${pdfPath} (${pdf.length} bytes) and ${pngPrefix}.png`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
