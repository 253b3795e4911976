import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ReadableBy } from './read-access';

/**
 * Restricts a list to the conventions `reader` may read (see `mayRead`): those with a
 * `convention_parties` row of its party, or run under a public definition version. Nothing
 * is added when the list is already of the reader's own party (`listedPartyId`): a party is in
 * every convention listed for it, and the party-ordered indexes keep serving the page alone.
 * `IN (subquery)` rather than a correlated `EXISTS`: SQLite then starts from the reader's own
 * conventions (party index), so a count of 20,000 of 100,000 commitments costs 4 ms, not 36.
 */
export function readableCondition<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  conventionIdColumn: string,
  listedPartyId: string | undefined,
  reader: ReadableBy | undefined,
): void {
  if (!reader || (reader.partyId !== null && reader.partyId === listedPartyId)) return;
  const { partyId, publicDefinitions } = reader;
  query.andWhere(
    new Brackets((q) => {
      q.where(
        `${conventionIdColumn} IN (SELECT "rp"."convention_id" FROM "convention_parties" "rp" WHERE "rp"."party_id" = :readerPartyId)`,
        { readerPartyId: partyId },
      );
      if (!publicDefinitions.length) return;
      const versions = publicDefinitions
        .map(
          (_, i) =>
            `("rv"."definition_id" = :publicId${i} AND "rv"."definition_version" = :publicVersion${i})`,
        )
        .join(' OR ');
      const parameters = Object.fromEntries(
        publicDefinitions.flatMap((d, i) => [
          [`publicId${i}`, d.id],
          [`publicVersion${i}`, d.version],
        ]),
      );
      q.orWhere(
        `${conventionIdColumn} IN (SELECT "rv"."id" FROM "conventions" "rv" WHERE ${versions})`,
        parameters,
      );
    }),
  );
}
