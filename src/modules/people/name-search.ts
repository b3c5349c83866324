import { sql, type SQL } from 'drizzle-orm';
import { users } from './users.js';

/** `%`, `_` and `\` typed by a user are text, not LIKE wildcards. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The user's name contains `text`, ignoring case and accents: the stored folded name against
 * the folded text, which the trigram index on `users.name_folded` answers.
 */
export function nameContains(text: string): SQL {
  return sql`${users.nameFolded} like '%' || fold_text(${escapeLike(text)}) || '%'`;
}
