import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translateProblemText } from '../../src/http/problem-language.js';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional } from '../helpers/people.js';

/** Calls that carry a problem's English text, and which argument it is. */
const TEXT_ARGUMENT: Record<string, number> = {
  badRequest: 0,
  unavailable: 0,
  unauthenticated: 0,
  forbidden: 0,
  notFound: 0,
  conflict: 0,
  unprocessable: 0,
  tooManyRequests: 1,
  fieldError: 1,
  HttpProblem: 1,
  InvalidImageError: 0,
  sendProblem: 3,
};

/** Values tried for a template's `${…}` until one reads as the message really would. */
const SAMPLES = [
  '3',
  '08:00',
  '2 hours',
  'scheduled',
  'checked in',
  'RJ',
  '2026-12-01',
  'X-CSRF-Token',
];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(folder, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(folder, entry.name)]
        : [],
  );
}

/**
 * Every English text a problem can carry, read from the sources: the arguments of the problem
 * helpers, the `message` of field errors, the constants they name; templates as their parts.
 */
function problemTexts(): { file: string; parts: string[] }[] {
  const found: { file: string; parts: string[] }[] = [];
  for (const file of sourceFiles('src')) {
    const source = ts.createSourceFile(
      file,
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const constants = new Map<string, ts.Expression>();
    const collectConstants = (node: ts.Node) => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        constants.set(node.name.text, node.initializer);
      }
      ts.forEachChild(node, collectConstants);
    };
    collectConstants(source);
    /** The text an expression evaluates to: string parts, `${}` where a value goes. */
    const texts = (node: ts.Expression | undefined): string[][] => {
      if (!node) return [];
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
        return [[node.text]];
      if (ts.isParenthesizedExpression(node)) return texts(node.expression);
      if (ts.isConditionalExpression(node)) {
        return [...texts(node.whenTrue), ...texts(node.whenFalse)];
      }
      if (ts.isIdentifier(node) && constants.has(node.text)) return texts(constants.get(node.text));
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        return texts(node.left).flatMap((left) =>
          texts(node.right).map((right) => [
            ...left.slice(0, -1),
            left.at(-1)! + right[0]!,
            ...right.slice(1),
          ]),
        );
      }
      if (ts.isTemplateExpression(node)) {
        // A template's inner ternaries of literals are text too (`Your ${a ? 'x' : 'y'} …`).
        let variants: string[][] = [[node.head.text]];
        for (const span of node.templateSpans) {
          const inner = texts(span.expression);
          const choices = inner.length ? inner.filter((parts) => parts.length === 1) : [];
          variants = variants.flatMap((parts) =>
            choices.length
              ? choices.map((choice) => [
                  ...parts.slice(0, -1),
                  parts.at(-1)! + choice[0]! + span.literal.text,
                ])
              : [[...parts, span.literal.text]],
          );
        }
        return variants;
      }
      return [];
    };
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee) ? callee.text : undefined;
        const index = name === undefined ? undefined : TEXT_ARGUMENT[name];
        if (index !== undefined) {
          for (const parts of texts(node.arguments?.[index])) found.push({ file, parts });
        }
      }
      if (
        ts.isPropertyAssignment(node) &&
        ts.isIdentifier(node.name) &&
        node.name.text === 'message' &&
        ts.isObjectLiteralExpression(node.parent) &&
        node.parent.properties.some(
          (property) =>
            property.name && ts.isIdentifier(property.name) && property.name.text === 'field',
        )
      ) {
        for (const parts of texts(node.initializer)) found.push({ file, parts });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** Whether some choice of sample values makes the text one the catalog says in Portuguese. */
function translatable(parts: string[]): boolean {
  const holes = parts.length - 1;
  const choices = (count: number): string[][] =>
    count === 0 ? [[]] : choices(count - 1).flatMap((rest) => SAMPLES.map((s) => [s, ...rest]));
  return choices(holes).some((values) => {
    const text = parts.reduce((all, part, i) => all + (values[i - 1] ?? '') + part);
    return translateProblemText(text, 'pt-BR') !== text;
  });
}

describe('problem texts in Portuguese', () => {
  it('the catalog says every English text of the sources in Portuguese', () => {
    const texts = problemTexts();
    // The problem helpers, field errors, the image checks, the templates with values.
    expect(texts.length).toBeGreaterThan(90);
    expect(texts.some((text) => text.parts.length > 1)).toBe(true);
    const missing = texts
      .filter((text) => !translatable(text.parts))
      .map((text) => `${text.file}: ${text.parts.join('${…}')}`);
    expect(missing).toEqual([]);
  });
});

describe('problem documents in the caller’s language', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(await t.createUser('admin'));
  });
  afterAll(() => t.close());

  const badProfessional = (language?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/professionals',
      headers: { ...bearer(admin), ...(language && { 'accept-language': language }) },
      payload: {
        name: '',
        email: 'not-an-e-mail',
        password: 'x',
        specialty: 42,
        councilNumber: '12',
        birthDate: '2300-01-01',
        experienceYears: 200,
        unknownField: true,
      },
    });

  it('speaks Portuguese to a caller who prefers it, English otherwise', async () => {
    const pt = await badProfessional('pt-BR,pt;q=0.9,en;q=0.5');
    expect(pt.statusCode).toBe(400);
    expect(pt.headers['content-language']).toBe('pt-BR');
    expect(pt.json()).toMatchObject({
      title: 'Requisição inválida',
      detail: 'A requisição tem campos inválidos.',
    });
    const en = await badProfessional();
    expect(en.headers['content-language']).toBe('en');
    expect(en.json()).toMatchObject({
      title: 'Bad Request',
      detail: 'The request has invalid fields.',
    });
    // The same fields, each message in the caller's language.
    const fields = (response: typeof pt) =>
      response.json<{ errors: { field: string; message: string }[] }>().errors;
    expect(fields(pt).map((e) => e.field)).toEqual(fields(en).map((e) => e.field));
    expect(fields(pt).length).toBeGreaterThanOrEqual(7);
    for (const [index, error] of fields(pt).entries()) {
      expect(error.message, error.field).not.toBe(fields(en)[index]!.message);
    }
    expect(fields(pt)).toContainEqual({ field: 'unknownField', message: 'não é um campo aceito' });
    expect(fields(pt)).toContainEqual({ field: 'birthDate', message: 'deve ser até 2199-12-31' });
  });

  it('takes plain pt, and English when the caller prefers a language it does not speak', async () => {
    expect((await badProfessional('pt')).headers['content-language']).toBe('pt-BR');
    expect((await badProfessional('de-DE,de;q=0.9')).headers['content-language']).toBe('en');
    expect((await badProfessional('en;q=0.9,pt-BR;q=0.8')).headers['content-language']).toBe('en');
  });

  it('answers business rules, 401s and unknown routes in Portuguese too', async () => {
    const pt = { 'accept-language': 'pt-BR' };
    const unknown = await t.app.inject({ url: '/api/v1/nothing', headers: pt });
    expect(unknown.json().detail).toBe('Esta rota não existe. Confira o método e o caminho.');
    const anonymous = await t.app.inject({ url: '/api/v1/auth/me', headers: pt });
    expect(anonymous.json().detail).toBe('Entre na sua conta para continuar.');
    const wrongPassword = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: pt,
      payload: { email: 'nobody@example.com', password: 'wrong-password' },
    });
    expect(wrongPassword.json().detail).toBe('O e-mail ou a senha não estão corretos.');
    const { councilNumber } = await registerProfessional(t, admin);
    const days = await t.app.inject({
      url: `/api/v1/professionals/${councilNumber}/slots?from=2026-12-01&to=2027-12-01`,
      headers: { ...bearer(admin), ...pt },
    });
    expect(days.json().errors).toEqual([
      {
        field: 'query.to',
        message: expect.stringMatching(/^deve estar a no máximo \d+ dias de from$/),
      },
    ]);
  });
});
