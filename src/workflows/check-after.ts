import type { DefinitionFile, Path, Report } from './definition.schema';

type Commitment = DefinitionFile['commitments'][number];

/** The clauses that tie one commitment to another: `after` and `if`. */
export function checkBetweenCommitments(commitments: readonly Commitment[], report: Report): void {
  checkAfter(commitments, report);
  checkCondition(commitments, report);
}

/**
 * `after` (« la validation des livrables intervient dans un délai d'un mois à compter de leur
 * remise »): a one-off commitment owed only once another one-off commitment of the same
 * definition is fulfilled; its `due` then counts from the day of that fulfilment. It names a
 * declared commitment other than itself, one-off like it (a one-off fulfilled stays fulfilled:
 * there is one day to count from), never in a cycle; a date of its own (`dueBy`) or a count
 * from the end (`dueFrom: end`) would contradict it.
 */
function checkAfter(commitments: readonly Commitment[], report: Report): void {
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

/**
 * `if: { fulfilled: annual-report, occurrence: previous }` (« la subvention annuelle est versée
 * si le rapport de l'année précédente a été accepté »): on a recurring commitment, naming another
 * recurring commitment of the definition, whose occurrence decides whether this one's is owed.
 */
function checkCondition(commitments: readonly Commitment[], report: Report): void {
  commitments.forEach((commitment, index) => {
    const condition = commitment.if;
    if (condition === undefined) return;
    const where: Path = ['commitments', index, 'if', 'fulfilled'];
    const named = commitments.find((c) => c.id === condition.fulfilled);
    if (commitment.shape !== 'recurring') {
      report(
        ['commitments', index, 'if'],
        `"if" is only allowed on a recurring commitment (this one is ${commitment.shape})`,
      );
    } else if (condition.fulfilled === commitment.id) {
      report(where, `a commitment cannot depend on itself ("${commitment.id}")`);
    } else if (named === undefined) {
      report(
        where,
        `unknown commitment "${condition.fulfilled}" (declared commitments: ${commitments.map((c) => c.id).join(', ')})`,
      );
    } else if (named.shape !== 'recurring') {
      report(
        where,
        `"if" must name a recurring commitment, whose occurrences are fulfilled one by one ("${named.id}" is ${named.shape})`,
      );
    }
  });
}
