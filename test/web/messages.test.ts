import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.js';
import { ptBR } from '../../web/src/i18n/pt-BR.js';

type Tree = { [key: string]: string | Tree };

/** Every key of a message tree, as `dashboard.tiles.upcoming_one`. */
function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

describe('the web app’s texts', () => {
  it('exist in both languages, with the same keys (plural forms aside)', () => {
    const base = (tree: Tree) =>
      [
        ...new Set(keysOf(tree).map((key) => key.replace(/_(zero|one|two|few|many|other)$/, ''))),
      ].sort();
    expect(base(ptBR)).toEqual(base(en));
  });

  it('have every plural form each language needs (CLDR: one and other in both)', () => {
    for (const [language, messages] of [
      ['en', en],
      ['pt-BR', ptBR],
    ] as const) {
      const keys = keysOf(messages);
      const plurals = new Set(
        keys
          .filter((key) => /_(one|other)$/.test(key))
          .map((key) => key.replace(/_(one|other)$/, '')),
      );
      const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const plural of plurals) {
        for (const form of forms)
          expect(keys, `${language} ${plural}_${form}`).toContain(`${plural}_${form}`);
      }
    }
  });

  it('say the same placeholders in both languages', () => {
    const placeholders = (text: string) =>
      [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const at = (tree: Tree, key: string) =>
      key.split('.').reduce<string | Tree>((node, part) => (node as Tree)[part]!, tree) as string;
    for (const key of keysOf(en)) {
      expect(placeholders(at(ptBR, key)), key).toEqual(placeholders(at(en, key)));
    }
  });
});
