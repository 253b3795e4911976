import type { DefinitionFile, Path, Report } from './definition.schema';

type Commitment = DefinitionFile['commitments'][number];

/**
 * `after` (« la validation des livrables intervient dans un délai d'un mois à compter de leur
 * remise »): a one-off commitment owed only once another one-off commitment of the same
 * definition is fulfilled; its `due` then counts from the day of that fulfilment. It names a
 * declared commitment other than itself, one-off like it (a one-off fulfilled stays fulfilled:
 * there is one day to count from), never in a cycle; a date of its own (`dueBy`) or a count
 * from the end (`dueFrom: end`) would contradict it.
 */
export function checkAfter(commitments: readonly Commitment[], report: Report): void {
  const byId = new Map(commitments.map((c) => [c.id, c]));
  commitments.forEach((commitment, index) => {
    const { after, shape, id } = commitment;
    if (after === undefined) return;
    const where: Path = ['commitments', index, 'after'];
    if (shape !== 'one-off') {
      report(where, `"after" is only allowed on a one-off commitment (this one is ${shape})`);
      return;
    }
    if (commitment.dueBy !== undefined) {
      report(
        where,
        '"after" and "dueBy" exclude each other: the due date counts from the fulfilment of "after"',
      );
    }
    if (commitment.dueFrom === 'end') {
      report(
        where,
        '"after" and "dueFrom: end" exclude each other: "due" counts from the fulfilment of "after"',
      );
    }
    const predecessor = byId.get(after);
    if (after === id) {
      report(where, `a commitment cannot come after itself ("${id}")`);
    } else if (predecessor === undefined) {
      report(where, `unknown commitment "${after}" (declared commitments: ${[...byId.keys()].join(', ')})`);
    } else if (predecessor.shape !== 'one-off') {
      report(
        where,
        `"after" must name a one-off commitment, fulfilled once ("${after}" is ${predecessor.shape})`,
      );
    } else if (cycleFrom(id, byId)) {
      report(where, `"after" makes a cycle: ${cycleFrom(id, byId)}`);
    }
  });
}

/** The cycle of `after` links through `start`, written `a → b → a`, or null when there is none. */
function cycleFrom(start: string, byId: ReadonlyMap<string, Commitment>): string | null {
  const path = [start];
  for (let next = byId.get(start)?.after; next !== undefined; next = byId.get(next)?.after) {
    if (next === start) return [...path, start].join(' → ');
    if (path.includes(next)) return null; // a cycle further on, reported on its own members
    path.push(next);
  }
  return null;
}
