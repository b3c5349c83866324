import type { FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import { problemPatternsPtBR, problemTextsPtBR } from './problem-texts-pt-br.js';

/** The languages problem documents are written in; English is the API's own. */
export const problemLanguages = ['en', 'pt-BR'] as const;
export type ProblemLanguage = (typeof problemLanguages)[number];

/**
 * The caller's language from `Accept-Language` (the web app sends the user's setting, browsers
 * their own), by quality and with `pt` matching `pt-BR`; English without a header.
 */
export function problemLanguage(request: FastifyRequest): ProblemLanguage {
  const header = request.headers['accept-language'];
  if (!header) return 'en';
  const preferred = new Negotiator({ headers: { 'accept-language': header } }).language([
    ...problemLanguages,
    'pt',
  ]);
  return preferred === 'pt-BR' || preferred === 'pt' ? 'pt-BR' : 'en';
}

/**
 * A problem's detail or a field's message in the language: the English text is the key, so a
 * service throws one sentence and the catalog (problem-texts-pt-br.ts) says it in Portuguese.
 * A text the catalog lacks stays English; a test keeps the catalog complete.
 */
export function translateProblemText(text: string, language: ProblemLanguage): string {
  if (language === 'en') return text;
  const exact = problemTextsPtBR[text];
  if (exact !== undefined) return exact;
  for (const [pattern, render] of problemPatternsPtBR) {
    const match = pattern.exec(text);
    if (match) return render(...match.slice(1));
  }
  return text;
}
