import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ReadableBy } from './read-access';

/**
 * Restricts a list to the conventions `reader` may read (see `mayRead`): those with a
 * `convention_parties` row of its party, or run under a public definition version. Null when
 * nothing is to be added: no reader, or a list already of the reader's own party
 * (`listedPartyId`), since a party is in every convention listed for it and the party-ordered
 * indexes keep serving the page alone. `IN (subquery)` rather than a correlated `EXISTS`: SQLite
 * then starts from the reader's own conventions (party index), so a count of 20,000 of 100,000
 * commitments costs 4 ms, not 36. The text has `?` placeholders, `params` in their order.
 */
export function readableClause(
  conventionIdColumn: string,
  listedPartyId: string | undefined,
  reader: ReadableBy | undefined,
): { text: string; params: unknown[] } | null {
  if (!reader || (reader.partyId !== null && reader.partyId === listedPartyId)) return null;
  const { partyId, publicDefinitions } = reader;
  const own = `${conventionIdColumn} IN (SELECT "rp"."convention_id" FROM "convention_parties" "rp" WHERE "rp"."party_id" = ?)`;
  if (!publicDefinitions.length) return { text: own, params: [partyId] };
  const versions = publicDefinitions
    .map(() => `("rv"."definition_id" = ? AND "rv"."definition_version" = ?)`)
    .join(' OR ');
  return {
    text: `(${own} OR ${conventionIdColumn} IN (SELECT "rv"."id" FROM "conventions" "rv" WHERE ${versions}))`,
    params: [partyId, ...publicDefinitions.flatMap((d) => [d.id, d.version])],
  };
}

/** `readableClause` on a query builder, whose parameters are named. */
export function readableCondition<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  conventionIdColumn: string,
  listedPartyId: string | undefined,
  reader: ReadableBy | undefined,
): void {
  const clause = readableClause(conventionIdColumn, listedPartyId, reader);
  if (!clause) return;
  let i = 0;
  const text = clause.text.replace(/\?/g, () => `:readable${i++}`);
  const parameters = Object.fromEntries(clause.params.map((value, n) => [`readable${n}`, value]));
  query.andWhere(new Brackets((q) => q.where(text, parameters)));
}
