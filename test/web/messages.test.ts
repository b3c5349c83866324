import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.js';
import { display } from '../../web/src/i18n/en/display.js';
import { entryEn } from '../../web/src/i18n/entry-en.js';
import { ptBR } from '../../web/src/i18n/pt-BR.js';
import { staffEn } from '../../web/src/i18n/staff-en.js';

type Tree = { [key: string]: string | Tree };

/** Every key of a message tree, as `dashboard.tiles.upcoming_one`. */
function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

describe('the web app’s texts', () => {
  // en.ts and pt-BR.ts merge the parts; a name in two parts would hide one of them.
  it('come in parts with names of their own (the staff’s chunks add theirs to the entry’s)', () => {
    const names = [entryEn, staffEn, { display }].flatMap((part) => Object.keys(part));
    expect(names).toEqual([...new Set(names)]);
  });

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
