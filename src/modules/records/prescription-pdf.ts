import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Language } from '../notifications/index.js';

export interface PrescriptionDocument {
  clinic: { name: string; address: string | null; phone: string | null };
  /** `councilNumber` is the registration with the professional council, e.g. `9876-RJ`. */
  professional: { name: string; specialty: string; councilNumber: string };
  patient: { name: string; registerNumber: string };
  issuedAt: Date;
  /** The clinic's IANA zone: the dates printed are that zone's. */
  timeZone: string;
  /** The patient's language: every fixed text on the page is in it. */
  language: Language;
  items: { drug: string; dosage: string; instructions: string; quantity: string | null }[];
  /** The code is printed; the url is what the QR code holds. None on a preview. */
  verification: { code: string; url: string } | null;
  revoked: { at: Date } | null;
  /** Not issued yet: marked across every page as not valid, with no code to check. */
  preview?: boolean;
}

interface Labels {
  /** For Intl: en-GB writes "1 December 2026", the order the page uses in both languages. */
  locale: string;
  title: string;
  patient: string;
  registerNumber: string;
  phone: string;
  council: (number: string) => string;
  verificationCode: string;
  checkAt: (url: string) => string;
  page: (page: number, pages: number) => string;
  revokedMark: string;
  revokedOn: (date: string) => string;
  revokedNotice: string;
  previewMark: string;
  previewNotice: string;
}

const labels: Record<Language, Labels> = {
  'pt-BR': {
    locale: 'pt-BR',
    title: 'Receita',
    patient: 'Paciente',
    registerNumber: 'Prontuário',
    phone: 'Tel.',
    council: (number) => `Registro no conselho ${number}`,
    verificationCode: 'Código de verificação',
    checkAt: (url) => `Verifique esta receita em ${url}`,
    page: (page, pages) => `Página ${page} de ${pages}`,
    revokedMark: 'REVOGADA',
    revokedOn: (date) => `Revogada em ${date}`,
    revokedNotice: 'Esta receita foi revogada e não deve ser dispensada.',
    previewMark: 'PRÉVIA',
    previewNotice: 'PRÉVIA — SEM VALIDADE',
  },
  en: {
    locale: 'en-GB',
    title: 'Prescription',
    patient: 'Patient',
    registerNumber: 'Record no.',
    phone: 'Phone',
    council: (number) => `Council no. ${number}`,
    verificationCode: 'Verification code',
    checkAt: (url) => `Check this prescription at ${url}`,
    page: (page, pages) => `Page ${page} of ${pages}`,
    revokedMark: 'REVOKED',
    revokedOn: (date) => `Revoked on ${date}`,
    revokedNotice: 'This prescription has been revoked and must not be dispensed.',
    previewMark: 'PREVIEW',
    previewNotice: 'PREVIEW — NOT VALID',
  },
};

const mm = 72 / 25.4;
const page = { size: 'A5', width: 419.53, height: 595.28 } as const;
const margins = { top: 40, bottom: 40, left: 36, right: 36 };
const contentWidth = page.width - margins.left - margins.right;
const qrSize = 25 * mm; // big enough for any phone camera at arm's length

const colors = {
  text: '#1a1a1a',
  muted: '#5f6368',
  accent: '#1f4e79',
  rule: '#c7ccd1',
  panel: '#f2f5f8',
  revoked: '#c62828',
};

type Pdf = PDFKit.PDFDocument;

interface Context {
  pdf: Pdf;
  doc: PrescriptionDocument;
  text: Labels;
  formatDate: (date: Date) => string;
}

/** Renders the prescription; resolves with the whole PDF. */
export async function renderPrescriptionPdf(doc: PrescriptionDocument): Promise<Buffer> {
  const text = labels[doc.language];
  const format = longDateFormat(text.locale, doc.timeZone);
  const pdf = createPdf(doc, text);
  const bytes = collect(pdf);
  const context: Context = { pdf, doc, text, formatDate: (date) => format.format(date) };
  drawHeader(context);
  drawTitle(context);
  if (doc.revoked) drawRevokedNotice(context, doc.revoked.at);
  drawPatient(context);
  drawItems(context);
  drawClosing(context);
  stampPages(context);
  pdf.end();
  return bytes;
}

/**
 * A TrueType face as fontkit (pdfkit's font engine) has parsed it. Given the file's bytes,
 * pdfkit parses the face again for every document, about 12 ms for each DejaVu face, most of
 * the time a prescription takes; given a parsed face, it uses it as it is (pdfkit's
 * PDFFontFactory takes any object with a `layout` method). Each document still makes its own
 * subset of the glyphs it uses, and a document is laid out synchronously, so sharing the face
 * between documents is safe.
 */
interface ParsedFont {
  layout(text: string): unknown;
}

interface Fontkit {
  create(bytes: Buffer): ParsedFont;
}

// Read and parsed once per process: the files are large and never change while it runs.
let parsedFonts: { regular: ParsedFont; bold: ParsedFont } | undefined;

function fonts(): { regular: ParsedFont; bold: ParsedFont } {
  if (!parsedFonts) {
    const require = createRequire(import.meta.url);
    // fontkit ships no types; resolved from pdfkit, it is the copy pdfkit uses (package.json
    // pins the same version).
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as Fontkit;
    const parse = (file: string) =>
      fontkit.create(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`)));
    parsedFonts = { regular: parse('DejaVuSans.ttf'), bold: parse('DejaVuSans-Bold.ttf') };
  }
  return parsedFonts;
}

// Building an Intl.DateTimeFormat is costly (locale and zone data): one per language and zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function longDateFormat(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone,
    });
    dateFormats.set(key, format);
  }
  return format;
}

function createPdf(doc: PrescriptionDocument, text: Labels): Pdf {
  const pdf = new PDFDocument({
    size: page.size,
    margins,
    // Page numbers and the revoked mark go on every page once the number of pages is known.
    bufferPages: true,
    compress: true,
    // No default font: pdfkit would otherwise load and embed Helvetica, which the page never uses.
    font: '',
    lang: doc.language,
    displayTitle: true,
    info: {
      Title: `${text.title} – ${doc.patient.name}`,
      Author: doc.professional.name,
      Subject: doc.clinic.name,
      Creator: 'ClinicDesk',
      // Both dates fixed (and the file ID is derived from them): the same input, the same bytes.
      CreationDate: doc.issuedAt,
      ModDate: doc.issuedAt,
    },
  });
  const { regular, bold } = fonts();
  // @types/pdfkit lists only files and bytes as font sources, not the parsed faces pdfkit takes.
  pdf.registerFont('regular', regular as unknown as Buffer);
  pdf.registerFont('bold', bold as unknown as Buffer);
  return pdf;
}

function collect(pdf: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}

function drawHeader({ pdf, doc, text }: Context): void {
  const { clinic } = doc;
  const x = margins.left;
  pdf.font('bold').fontSize(15).fillColor(colors.accent);
  pdf.text(clinic.name, x, margins.top, { width: contentWidth });
  pdf.font('regular').fontSize(8.5).fillColor(colors.muted);
  if (clinic.address) pdf.text(clinic.address, x, pdf.y + 2, { width: contentWidth });
  if (clinic.phone) {
    pdf.text(`${text.phone} ${clinic.phone}`, x, pdf.y + 1, { width: contentWidth });
  }
  rule(pdf, pdf.y + 7, colors.accent, 1.2);
  pdf.y += 16;
}

function drawTitle({ pdf, doc, text, formatDate }: Context): void {
  const { professional } = doc;
  const x = margins.left;
  const top = pdf.y;
  const date = formatDate(doc.issuedAt);
  pdf.font('regular').fontSize(9.5);
  const dateWidth = pdf.widthOfString(date);
  pdf.font('bold').fontSize(17).fillColor(colors.text);
  pdf.text(text.title, x, top, { width: contentWidth - dateWidth - 12 });
  const belowTitle = pdf.y;
  // The date sits on the title's baseline, at the right edge.
  pdf.font('regular').fontSize(9.5);
  pdf.text(date, x + contentWidth - dateWidth, top + 7, { lineBreak: false });
  pdf.font('bold').fontSize(10.5).fillColor(colors.text);
  pdf.text(professional.name, x, belowTitle + 4, { width: contentWidth });
  pdf.font('regular').fontSize(9).fillColor(colors.muted);
  pdf.text(
    `${professional.specialty} · ${text.council(professional.councilNumber)}`,
    x,
    pdf.y + 1,
    {
      width: contentWidth,
    },
  );
  pdf.y += 12;
}

function drawRevokedNotice({ pdf, text, formatDate }: Context, at: Date): void {
  const x = margins.left;
  const top = pdf.y;
  const padding = 8;
  const innerWidth = contentWidth - 2 * padding;
  pdf.font('bold').fontSize(10).fillColor(colors.revoked);
  pdf.text(text.revokedOn(formatDate(at)), x + padding, top + padding, { width: innerWidth });
  pdf.font('regular').fontSize(9);
  pdf.text(text.revokedNotice, x + padding, pdf.y + 1, { width: innerWidth });
  const bottom = pdf.y + padding;
  pdf
    .lineWidth(1.5)
    .roundedRect(x, top, contentWidth, bottom - top, 3)
    .stroke(colors.revoked);
  pdf.y = bottom + 12;
}

function drawPatient({ pdf, doc, text }: Context): void {
  const { patient } = doc;
  const x = margins.left;
  const top = pdf.y;
  const padding = 9;
  const numberWidth = 110;
  const nameWidth = contentWidth - numberWidth - 3 * padding;
  const numberX = x + contentWidth - padding - numberWidth;

  pdf.font('bold').fontSize(11);
  const nameHeight = pdf.heightOfString(patient.name, { width: nameWidth });
  const height = 2 * padding + 11 + nameHeight;
  pdf.roundedRect(x, top, contentWidth, height, 4).fill(colors.panel);

  pdf.font('regular').fontSize(7.5).fillColor(colors.muted);
  pdf.text(text.patient, x + padding, top + padding, { lineBreak: false });
  pdf.text(text.registerNumber, numberX, top + padding, { width: numberWidth, align: 'right' });
  pdf.font('bold').fontSize(11).fillColor(colors.text);
  pdf.text(patient.name, x + padding, top + padding + 11, { width: nameWidth });
  pdf.fontSize(10);
  pdf.text(patient.registerNumber, numberX, top + padding + 12, {
    width: numberWidth,
    align: 'right',
  });
  pdf.y = top + height + 14;
}

type Item = PrescriptionDocument['items'][number];

interface ItemLayout extends Item {
  number: string;
  /** Where the item's text starts, right of the numbers' column. */
  indent: number;
  drugWidth: number;
  height: number;
}

const itemGap = 10;
const numberFont = { name: 'bold', size: 10.5 } as const;

function drawItems(context: Context): void {
  const { pdf, doc } = context;
  // The numbers' column is as wide as the longest number, so "10." does not touch its drug.
  pdf.font(numberFont.name).fontSize(numberFont.size);
  const indent = Math.max(18, pdf.widthOfString(`${doc.items.length}.`) + 6);
  doc.items.forEach((item, index) => {
    const layout = measureItem(pdf, item, `${index + 1}.`, indent);
    // An item is kept whole on one page, unless it would not fit on any page.
    if (pdf.y + layout.height > pdf.page.maxY() && pdf.y > margins.top) pdf.addPage();
    drawItem(pdf, layout);
  });
}

function measureItem(pdf: Pdf, item: Item, number: string, indent: number): ItemLayout {
  const width = contentWidth - indent;
  pdf.font('regular').fontSize(9.5);
  const quantityWidth = item.quantity ? pdf.widthOfString(item.quantity) + 12 : 0;
  const drugWidth = width - quantityWidth;
  const dosageHeight = pdf.heightOfString(item.dosage, { width });
  const instructionsHeight = item.instructions
    ? pdf.heightOfString(item.instructions, { width }) + 1
    : 0;
  pdf.font('bold').fontSize(10.5);
  const drugHeight = pdf.heightOfString(item.drug, { width: drugWidth });
  const height = drugHeight + 2 + dosageHeight + instructionsHeight;
  return { ...item, number, indent, drugWidth, height };
}

function drawItem(pdf: Pdf, item: ItemLayout): void {
  const x = margins.left + item.indent;
  const top = pdf.y;
  const width = contentWidth - item.indent;
  pdf.font(numberFont.name).fontSize(numberFont.size).fillColor(colors.accent);
  pdf.text(item.number, x - 6 - pdf.widthOfString(item.number), top, { lineBreak: false });
  // Drawn in reading order (the drug, then its quantity) so that copied text reads the same.
  pdf.font('bold').fontSize(10.5).fillColor(colors.text);
  pdf.text(item.drug, x, top, { width: item.drugWidth });
  const belowDrug = pdf.y;
  pdf.font('regular').fontSize(9.5);
  if (item.quantity) pdf.text(item.quantity, x, top + 1, { width, align: 'right' });
  pdf.text(item.dosage, x, belowDrug + 2, { width });
  if (item.instructions) {
    pdf.fillColor(colors.muted);
    pdf.text(item.instructions, x, pdf.y + 1, { width });
  }
  pdf.y += itemGap;
}

// The closing block: the signature, then the verification strip (QR code, code, url).
const verificationGap = 16;
const signature = { space: 28, width: 210, textWidth: 250 };
const verificationText = { gap: 14, width: contentWidth - qrSize - 14 };

function drawClosing(context: Context): void {
  const { pdf } = context;
  const space = 16;
  const signatureHeight = measureSignature(context);
  const verificationHeight = context.doc.verification ? measureVerification(context) : 0;
  const height = signatureHeight + (verificationHeight && verificationGap + verificationHeight);
  let top: number;
  if (pdf.y + space + height > pdf.page.maxY()) {
    // Alone on a page of its own, it starts at the top rather than under a blank page.
    pdf.addPage();
    top = pdf.y + space;
  } else {
    // At the foot of the page the items are on, where a paper receituário is signed.
    top = Math.max(pdf.y + space, pdf.page.maxY() - height);
  }
  drawSignature(context, top);
  if (context.doc.verification) drawVerification(context, top + signatureHeight + verificationGap);
}

function measureSignature({ pdf, doc, text }: Context): number {
  const { professional } = doc;
  const options = { width: signature.textWidth, align: 'center' } as const;
  pdf.font('bold').fontSize(9.5);
  const name = pdf.heightOfString(professional.name, options);
  pdf.font('regular').fontSize(8);
  const council = pdf.heightOfString(text.council(professional.councilNumber), options);
  return signature.space + 5 + name + 1 + council + 3;
}

function drawSignature({ pdf, doc, text }: Context, top: number): void {
  const { professional } = doc;
  const x = margins.left + (contentWidth - signature.width) / 2;
  const textX = margins.left + (contentWidth - signature.textWidth) / 2;
  const options = { width: signature.textWidth, align: 'center' } as const;
  const lineY = top + signature.space;
  pdf
    .lineWidth(0.8)
    .moveTo(x, lineY)
    .lineTo(x + signature.width, lineY)
    .stroke(colors.text);
  pdf.font('bold').fontSize(9.5).fillColor(colors.text);
  pdf.text(professional.name, textX, lineY + 5, options);
  pdf.font('regular').fontSize(8).fillColor(colors.muted);
  pdf.text(text.council(professional.councilNumber), textX, pdf.y + 1, options);
}

/** The QR code's height, or the text beside it if a long url makes that taller. */
function measureVerification({ pdf, doc, text }: Context): number {
  const verification = doc.verification!;
  const options = { width: verificationText.width };
  pdf.font('regular').fontSize(7.5);
  const label = pdf.heightOfString(text.verificationCode, options);
  pdf.font('bold').fontSize(13);
  const code = pdf.heightOfString(verification.code, options);
  pdf.font('regular').fontSize(8);
  const sentence = pdf.heightOfString(text.checkAt(verification.url), options);
  return Math.max(qrSize, 10 + label + 2 + code + 5 + sentence);
}

function drawVerification({ pdf, doc, text }: Context, top: number): void {
  const verification = doc.verification!;
  const x = margins.left;
  const options = { width: verificationText.width };
  rule(pdf, top - verificationGap / 2, colors.rule, 0.6);
  drawQrCode(pdf, verification.url, x, top + 2, qrSize - 4);
  // More than four modules of blank between the code and the text, as scanners expect.
  const textX = x + qrSize + verificationText.gap;
  pdf.font('regular').fontSize(7.5).fillColor(colors.muted);
  pdf.text(text.verificationCode, textX, top + 10, options);
  pdf.font('bold').fontSize(13).fillColor(colors.text);
  pdf.text(verification.code, textX, pdf.y + 2, options);
  pdf.font('regular').fontSize(8).fillColor(colors.muted);
  pdf.text(text.checkAt(verification.url), textX, pdf.y + 5, options);
}

/**
 * The QR code as vectors rather than an image: sharp at any zoom or printer resolution, and no
 * PNG to encode and decode again for every prescription. Each run of dark modules in a row is
 * one rectangle, all filled as one path so no hairline seams show between them.
 */
function drawQrCode(pdf: Pdf, url: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const cell = size / count;
  for (let row = 0; row < count; row++) {
    let column = 0;
    while (column < count) {
      if (!modules.get(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < count && modules.get(row, column)) column++;
      pdf.rect(x + start * cell, y + row * cell, (column - start) * cell, cell);
    }
  }
  pdf.fill('#000000');
}

function rule(pdf: Pdf, y: number, color: string, width: number): void {
  pdf
    .lineWidth(width)
    .moveTo(margins.left, y)
    .lineTo(margins.left + contentWidth, y)
    .stroke(color);
}

/** What every page gets once the number of pages is known. */
function stampPages(context: Context): void {
  const { pdf } = context;
  const { start, count } = pdf.bufferedPageRange();
  for (let index = 0; index < count; index++) {
    pdf.switchToPage(start + index);
    // Drawing in the margins must not make pdfkit start another page.
    const bottomMargin = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    if (index > 0) drawRunningHeader(context);
    if (count > 1) drawPageNumber(context, index + 1, count);
    if (context.doc.revoked) drawRevokedMark(context, context.doc.revoked.at);
    if (context.doc.preview) drawPreviewMark(context);
    pdf.page.margins.bottom = bottomMargin;
  }
}

/** Later pages name the patient and the clinic, so a loose page is still identifiable. */
function drawRunningHeader({ pdf, doc, text }: Context): void {
  pdf.font('regular').fontSize(7.5).fillColor(colors.muted);
  pdf.text(`${doc.patient.name} · ${text.title} · ${doc.clinic.name}`, margins.left, 20, {
    width: contentWidth,
    height: 10,
    ellipsis: true,
  });
  rule(pdf, 32, colors.rule, 0.5);
}

function drawPageNumber({ pdf, text }: Context, number: number, pages: number): void {
  pdf.font('regular').fontSize(7.5).fillColor(colors.muted);
  pdf.text(text.page(number, pages), margins.left, page.height - 26, {
    width: contentWidth,
    align: 'center',
    lineBreak: false,
  });
}

function drawRevokedMark({ pdf, text, formatDate }: Context, at: Date): void {
  drawDiagonalMark(pdf, text.revokedMark, text.revokedOn(formatDate(at)));
}

function drawPreviewMark({ pdf, text }: Context): void {
  drawDiagonalMark(pdf, text.previewMark, text.previewNotice);
}

/** A diagonal mark across the page, light enough to read the prescription through. */
function drawDiagonalMark(pdf: Pdf, mark: string, line: string): void {
  const centerX = page.width / 2;
  const centerY = page.height / 2;
  pdf.save();
  pdf.rotate(-38, { origin: [centerX, centerY] });
  pdf.fillColor(colors.revoked).fillOpacity(0.16);
  pdf.font('bold').fontSize(64);
  pdf.text(mark, centerX - pdf.widthOfString(mark) / 2, centerY - 44, { lineBreak: false });
  pdf.font('regular').fontSize(15).fillOpacity(0.3);
  pdf.text(line, centerX - pdf.widthOfString(line) / 2, centerY + 32, { lineBreak: false });
  pdf.restore();
}
