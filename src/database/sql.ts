import { EntityManager } from 'typeorm';
import { isPostgres } from './database';

/**
 * One SQL statement written once for both databases, with `?` placeholders (numbered `$n` on
 * PostgreSQL). The write path of a transition and the token lookup of every request use it
 * instead of the query builder: they run on every request, and building, escaping and
 * hydrating through the builder cost more than the statements themselves.
 */
export function sql<T = Record<string, unknown>>(
  manager: EntityManager,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return manager.query(isPostgres(manager) ? numbered(text) : text, params) as Promise<T[]>;
}

const numberedTexts = new Map<string, string>();

function numbered(text: string): string {
  let done = numberedTexts.get(text);
  if (done === undefined) {
    let n = 0;
    done = text.replace(/\?/g, () => `$${++n}`);
    numberedTexts.set(text, done);
  }
  return done;
}

/** `column AS "property"` for each property of a row type: the same names on both databases. */
export function columns(mapping: Record<string, string>, alias?: string): string {
  const prefix = alias ? `${alias}.` : '';
  return Object.entries(mapping)
    .map(([property, column]) => `${prefix}"${column}" AS "${property}"`)
    .join(', ');
}
