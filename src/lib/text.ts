/** Lower case, no accents, single spaces: `  Cardiología ` → `cardiologia`. */
export function foldText(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const LOWER_CASE_WORDS = new Set(['da', 'das', 'de', 'do', 'dos', 'e', 'em', 'a', 'o']);

/** A display form for a name typed in any case: `clínica  GERAL` → `Clínica Geral`. */
export function titleCase(input: string): string {
  return input
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .split(' ')
    .map((word, index) =>
      index > 0 && LOWER_CASE_WORDS.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join(' ');
}
