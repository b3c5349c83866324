import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import {
  type PrescriptionDocument,
  renderPrescriptionPdf,
} from '../../src/modules/records/prescription-pdf.js';

const mm = 72 / 25.4;
const url = 'https://cd.example/r/K7QX2M';

function prescription(overrides: Partial<PrescriptionDocument> = {}): PrescriptionDocument {
  return {
    clinic: {
      name: 'Clínica São Lucas',
      address: 'Rua das Laranjeiras, 120 – Laranjeiras, Rio de Janeiro – RJ, 22240-003',
      phone: '(21) 2556-4410',
    },
    professional: {
      name: 'Dra. Ana Beatriz Conceição',
      specialty: 'Ortopedia e Traumatologia',
      councilNumber: '9876-RJ',
    },
    patient: { name: 'João Câmara', registerNumber: 'ZxcVaS-2' },
    issuedAt: new Date('2026-12-01T23:30:00Z'),
    timeZone: 'America/Sao_Paulo',
    language: 'pt-BR',
    items: [
      {
        drug: 'Dipirona sódica 500 mg',
        dosage: '1 comprimido de 6 em 6 horas',
        instructions: 'Ação analgésica: tomar se houver dor ou febre, no máximo por três dias.',
        quantity: '1 caixa com 10 comprimidos',
      },
      {
        drug: 'Ibuprofeno 600 mg',
        dosage: '1 comprimido de 8 em 8 horas',
        instructions: 'Após as refeições.',
        quantity: null,
      },
    ],
    verification: { code: 'K7QX-2M9P', url },
    revoked: null,
    ...overrides,
  };
}

interface TextRun {
  text: string;
  /** The baseline, in PDF points from the bottom of the page. */
  y: number;
}

interface ParsedPage {
  width: number;
  height: number;
  runs: TextRun[];
  /** The page's text, runs joined by spaces and runs of whitespace made one space. */
  text: string;
  operators: { fnArray: number[]; argsArray: unknown[] };
}

async function parse(buffer: Buffer) {
  const pdf = await getDocument({
    data: new Uint8Array(buffer),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const pages: ParsedPage[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const { width, height } = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const runs = content.items.flatMap((item) =>
      'str' in item ? [{ text: item.str, y: item.transform[5] as number }] : [],
    );
    const text = oneSpace(runs.map((run) => run.text).join(' '));
    pages.push({ width, height, runs, text, operators: await page.getOperatorList() });
  }
  const { info } = await pdf.getMetadata();
  await pdf.destroy();
  return { pages, info: info as Record<string, unknown>, text: pages.map((p) => p.text).join(' ') };
}

const oneSpace = (text: string) => text.replace(/\s+/g, ' ').trim();
/** Long sentences wrap onto several lines: compare them without any whitespace. */
const compact = (text: string) => text.replace(/\s+/g, '');

/** The dark modules of the QR code drawn on the page, read back from its fill of rectangles. */
function drawnQrModules(page: ParsedPage, size: number) {
  const rectangles = fills(page).sort((a, b) => b.length - a.length)[0] ?? [];
  const minX = Math.min(...rectangles.map((r) => r.x));
  const minY = Math.min(...rectangles.map((r) => r.y));
  const maxX = Math.max(...rectangles.map((r) => r.x + r.width));
  const cell = (maxX - minX) / size;
  const dark = (row: number, column: number) => {
    const x = minX + (column + 0.5) * cell;
    const y = minY + (row + 0.5) * cell;
    return rectangles.some((r) => x > r.x && x < r.x + r.width && y > r.y && y < r.y + r.height);
  };
  const modules = Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, column) => dark(row, column)),
  );
  return { modules, side: maxX - minX };
}

interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every filled path made of rectangles only, as pdf.js hands paths over (DrawOPS codes). */
function fills(page: ParsedPage): Rectangle[][] {
  const { fnArray, argsArray } = page.operators;
  const found: Rectangle[][] = [];
  fnArray.forEach((fn, index) => {
    if (fn !== OPS.constructPath) return;
    const [paint, [path]] = argsArray[index] as [number, [Float32Array | null]];
    if (paint !== OPS.fill || !path) return;
    const rectangles = rectanglesOf(path);
    if (rectangles) found.push(rectangles);
  });
  return found;
}

/** The path's rectangles (moveTo, three lineTo, closePath each), or null if it has other shapes. */
function rectanglesOf(path: Float32Array): Rectangle[] | null {
  const [moveTo, lineTo, closePath] = [0, 1, 4];
  const rectangles: Rectangle[] = [];
  let points: number[][] = [];
  for (let at = 0; at < path.length;) {
    const op = path[at];
    if (op === moveTo || op === lineTo) {
      if (op === moveTo) points = [];
      points.push([path[at + 1]!, path[at + 2]!]);
      at += 3;
    } else if (op === closePath && points.length === 4) {
      const xs = points.map(([x]) => x!);
      const ys = points.map(([, y]) => y!);
      const x = Math.min(...xs);
      const y = Math.min(...ys);
      rectangles.push({ x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y });
      at += 1;
    } else {
      return null;
    }
  }
  return rectangles;
}

function expectedQrModules(text: string) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const rows = Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, column) => Boolean(modules.get(row, column))),
  );
  return { rows, size: modules.size };
}

describe('prescription PDF', () => {
  it('is an A5 PDF with everything on it, accents intact, in Portuguese', async () => {
    const buffer = await renderPrescriptionPdf(prescription());
    expect(buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const { pages, text } = await parse(buffer);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.width).toBeCloseTo(419.53, 1);
    expect(pages[0]!.height).toBeCloseTo(595.28, 1);
    for (const expected of [
      'Clínica São Lucas',
      'Rua das Laranjeiras, 120 – Laranjeiras, Rio de Janeiro – RJ, 22240-003',
      '(21) 2556-4410',
      'Receita',
      'Dra. Ana Beatriz Conceição',
      'Ortopedia e Traumatologia',
      'Registro no conselho 9876-RJ',
      'Paciente',
      'João Câmara',
      'Prontuário',
      'ZxcVaS-2',
      '1 de dezembro de 2026',
      '1. Dipirona sódica 500 mg',
      '1 caixa com 10 comprimidos',
      '1 comprimido de 6 em 6 horas',
      'Ação analgésica: tomar se houver dor ou febre, no máximo por três dias.',
      '2. Ibuprofeno 600 mg',
      '1 comprimido de 8 em 8 horas',
      'Após as refeições.',
      'Código de verificação',
      'K7QX-2M9P',
    ]) {
      expect(text).toContain(expected);
    }
    expect(compact(text)).toContain(compact(`Verifique esta receita em ${url}`));
    // One page: no page numbers, and no revoked mark.
    expect(text).not.toMatch(/Página|REVOGADA|Revogada/);
  });

  it('draws a QR code of about 25 mm that holds the verification url', async () => {
    const { pages } = await parse(await renderPrescriptionPdf(prescription()));
    const expected = expectedQrModules(url);
    const drawn = drawnQrModules(pages[0]!, expected.size);
    expect(drawn.side).toBeGreaterThan(22 * mm);
    expect(drawn.side).toBeLessThan(27 * mm);
    expect(drawn.modules).toEqual(expected.rows);
  });

  it('writes the date of the clinic zone, not the UTC one', async () => {
    // 01:30 UTC on 2 December is still 1 December, 22:30, in São Paulo.
    const evening = new Date('2026-12-02T01:30:00Z');
    const inSaoPaulo = await parse(
      await renderPrescriptionPdf(prescription({ issuedAt: evening })),
    );
    expect(inSaoPaulo.text).toContain('1 de dezembro de 2026');
    expect(inSaoPaulo.text).not.toContain('2 de dezembro');

    // 20:00 UTC on 1 December is already 2 December in Tokyo.
    const tokyo = prescription({
      issuedAt: new Date('2026-12-01T20:00:00Z'),
      timeZone: 'Asia/Tokyo',
      language: 'en',
    });
    const inTokyo = await parse(await renderPrescriptionPdf(tokyo));
    expect(inTokyo.text).toContain('2 December 2026');
  });

  it('writes every fixed text in English for an English-speaking patient', async () => {
    const { text } = await parse(await renderPrescriptionPdf(prescription({ language: 'en' })));
    for (const expected of [
      'Prescription',
      'Council no. 9876-RJ',
      'Patient',
      'Record no.',
      '1 December 2026',
      'Verification code',
      'Phone (21) 2556-4410',
    ]) {
      expect(text).toContain(expected);
    }
    expect(compact(text)).toContain(compact(`Check this prescription at ${url}`));
    expect(text).not.toMatch(/Receita|Registro no conselho|Paciente|dezembro/);
  });

  it('leaves out the address and the phone when the clinic has none', async () => {
    const clinic = { name: 'Clínica São Lucas', address: null, phone: null };
    const { text } = await parse(await renderPrescriptionPdf(prescription({ clinic })));
    expect(text).toContain('Clínica São Lucas');
    expect(text).not.toMatch(/Tel\.|Laranjeiras/);
  });

  it('marks a revoked prescription, with the day of revocation in the clinic zone', async () => {
    // 02:00 UTC on 3 December is 2 December, 23:00, in São Paulo.
    const revoked = { at: new Date('2026-12-03T02:00:00Z') };
    const pt = await parse(await renderPrescriptionPdf(prescription({ revoked })));
    expect(pt.text).toContain('REVOGADA');
    expect(pt.text).toContain('Revogada em 2 de dezembro de 2026');
    expect(pt.text).toContain('não deve ser dispensada');

    const en = await parse(await renderPrescriptionPdf(prescription({ revoked, language: 'en' })));
    expect(en.text).toContain('REVOKED');
    expect(en.text).toContain('Revoked on 2 December 2026');
    expect(en.text).not.toContain('REVOGADA');
  });

  it('flows many items onto further pages, numbered, clear of the footer', async () => {
    const items = Array.from({ length: 40 }, (_, index) => ({
      drug: `Fármaco nº ${index + 1} – ação prolongada`,
      dosage: `Dose ${index + 1}: 1 cápsula ao dia`,
      instructions:
        `Instrução ${index + 1}: tomar em jejum, com um copo de água, ` +
        'sempre no mesmo horário; não associar a bebidas alcoólicas nem interromper sem orientação.',
      quantity: index % 2 ? `${index + 1} cápsulas` : null,
    }));
    const { pages, text } = await parse(await renderPrescriptionPdf(prescription({ items })));

    expect(pages.length).toBeGreaterThan(1);
    items.forEach((item, index) => {
      expect(text).toContain(`${index + 1}. ${item.drug}`);
      expect(text).toContain(item.dosage);
      expect(text).toContain(item.instructions);
      if (item.quantity) expect(text).toContain(item.quantity);
    });
    pages.forEach((page, index) => {
      const number = `Página ${index + 1} de ${pages.length}`;
      expect(page.text).toContain(number);
      // The body stays above the bottom margin (40 pt); only the page number is below it.
      const footer = page.runs.filter((run) => run.text.trim() === number);
      const body = page.runs.filter((run) => run.text.trim() && run.text.trim() !== number);
      expect(footer).toHaveLength(1);
      expect(footer[0]!.y).toBeLessThan(30);
      expect(Math.min(...body.map((run) => run.y))).toBeGreaterThan(40);
    });
    // Later pages name the patient; the signature and the code come once, after the items.
    for (const page of pages.slice(1)) expect(page.text).toContain('João Câmara · Receita');
    expect(text.match(/K7QX-2M9P/g)).toHaveLength(1);
    expect(text.lastIndexOf('40. Fármaco')).toBeLessThan(text.indexOf('K7QX-2M9P'));
  });

  it('makes room for a long url and a long name in the closing block', async () => {
    const longUrl = `https://clinica-sao-lucas.example.com.br/receitas/verificar/${'f3a9'.repeat(24)}`;
    const name = 'Dra. Ana Beatriz Conceição de Albuquerque Cavalcanti Figueiredo e Vasconcelos';
    const professional = { ...prescription().professional, name };
    const verification = { code: 'K7QX-2M9P', url: longUrl };
    const { pages, text } = await parse(
      await renderPrescriptionPdf(prescription({ professional, verification })),
    );
    expect(compact(text)).toContain(compact(`Verifique esta receita em ${longUrl}`));
    const last = pages.at(-1)!;
    const expected = expectedQrModules(longUrl);
    expect(drawnQrModules(last, expected.size).modules).toEqual(expected.rows);
    // Nothing but the page number goes below the bottom margin (40 pt).
    for (const page of pages) {
      const body = page.runs.filter((run) => run.text.trim() && !run.text.startsWith('Página'));
      expect(Math.min(...body.map((run) => run.y))).toBeGreaterThan(40);
    }
  });

  it('marks every page of a long revoked prescription', async () => {
    const item = prescription().items[0]!;
    const items = Array.from({ length: 30 }, () => item);
    const revoked = { at: new Date('2026-12-03T02:00:00Z') };
    const { pages } = await parse(await renderPrescriptionPdf(prescription({ items, revoked })));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.text).toContain('REVOGADA');
  });

  it('sets the metadata, fixed to the day of issue', async () => {
    const { info } = await parse(await renderPrescriptionPdf(prescription()));
    expect(info).toMatchObject({
      Title: 'Receita – João Câmara',
      Author: 'Dra. Ana Beatriz Conceição',
      Creator: 'ClinicDesk',
      CreationDate: 'D:20261201233000Z',
      ModDate: 'D:20261201233000Z',
    });
  });

  it('renders the same input to the same bytes', async () => {
    const first = await renderPrescriptionPdf(prescription());
    const second = await renderPrescriptionPdf(prescription());
    expect(first.equals(second)).toBe(true);
    const other = await renderPrescriptionPdf(prescription({ issuedAt: new Date() }));
    expect(other.equals(first)).toBe(false);
  });
});
