import { COMMITMENT_STATUSES } from '../../src/machines/convention.view';
import { ConventioProcess } from './conventio-process';

const PAGE = `query($f: CommitmentFilter, $after: String) {
  commitments(filter: $f, first: 100, after: $after) {
    totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;

interface Page {
  commitments: {
    totalCount: number;
    edges: { node: { id: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/**
 * For each party, overall and per status: the `totalCount` the API reports (kept as a count per
 * party and status) equals the number of commitments its pages list (read from the owner rows).
 */
export async function expectPartyCountsToMatchPages(
  server: ConventioProcess,
  token: string,
  partyIds: readonly string[],
): Promise<void> {
  for (const partyId of partyIds) {
    // Every status the engine has: a new one is counted without touching this file.
    for (const status of [null, ...COMMITMENT_STATUSES]) {
      const filter = status ? { partyId, status } : { partyId };
      let listed = 0;
      let reported: number | null = null;
      for (let after: string | null = null; ;) {
        const page: Page = await server.ok<Page>(token, PAGE, { f: filter, after });
        reported ??= page.commitments.totalCount;
        listed += page.commitments.edges.length;
        if (!page.commitments.pageInfo.hasNextPage) break;
        after = page.commitments.pageInfo.endCursor;
      }
      expect({ partyId, status, totalCount: reported }).toEqual({ partyId, status, totalCount: listed });
    }
  }
}
