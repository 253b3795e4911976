import { lineageKey } from '../amendments';
import { IsoDate, IsoInstant } from '../calendar';
import { CommitmentEvent } from '../commitment.machine';
import { ConventionContext } from '../convention.context';
import { currentVersion } from '../convention-queries';
import { termsDueOn } from '../late-start';
import { Rules } from '../rules-version';
import { byCodePoint } from '../../common/code-point-order';

/**
 * Ordering between commitments (`after`, issue 14): a one-off commitment owed only once another
 * is fulfilled. The lineage of the predecessor carries the ordering: `after: delivery` still
 * waits for `delivery.v2` once an amendment changed `delivery`, as `endsWhenFulfilled` does.
 */

/** The current versions of the commitments that come after the lineage of `key`. */
export function successorsOf(context: Pick<ConventionContext, 'terms'>, key: string): string[] {
  const lineage = lineageKey(key);
  return Object.values(context.terms)
    .filter((t) => t.supersededBy === null && t.after !== undefined && lineageKey(t.after) === lineage)
    .map((t) => t.id);
}

/** Every version of the lineage of `key` the convention has (`delivery`, `delivery.v2` …). */
function lineageVersions(context: Pick<ConventionContext, 'terms'>, key: string): string[] {
  const lineage = lineageKey(key);
  return Object.keys(context.terms).filter((k) => lineageKey(k) === lineage);
}

/**
 * The commitment `key` is waiting for (the current version of its `after`), while it waits:
 * scheduled, its predecessor not yet fulfilled. Null otherwise.
 */
export function waitingFor(
  context: Pick<ConventionContext, 'terms' | 'commitments'>,
  key: string,
): string | null {
  const after = context.terms[key]?.after;
  if (after === undefined || context.commitments[key]?.getSnapshot().value !== 'scheduled') return null;
  // The current version of the commitment `after` names (`delivery.v2` for `delivery`, once changed).
  return currentVersion(context, after);
}

/** Whether this confirmation by `partyId` completes the one-off `key` (every owner has confirmed). */
export function completesOneOff(context: ConventionContext, key: string, partyId: string | null): boolean {
  const child = context.commitments[key]?.getSnapshot().context;
  if (!child || child.shape !== 'one-off' || partyId === null) return false;
  const confirmed = [...child.confirmations.map((c) => c.partyId), partyId];
  return child.owners.every((owner) => confirmed.includes(owner));
}

/** The day a version of the lineage `after` names was fulfilled (its last one), if one was. */
export function predecessorFulfilledOn(
  context: ConventionContext,
  after: string,
  dayOf: (at: IsoInstant) => IsoDate,
): IsoDate | undefined {
  let day: IsoDate | undefined;
  for (const key of lineageVersions(context, after)) {
    const child = context.commitments[key]?.getSnapshot();
    const at = child?.value === 'fulfilled' ? child.context.fulfilledAt : null;
    if (at && (day === undefined || dayOf(at) > day)) day = dayOf(at);
  }
  return day;
}

/** The successor opens on the day its predecessor was fulfilled; under v3 it counts periods so. */
export function openEvent(on: IsoDate, rules: Rules): Extract<CommitmentEvent, { type: 'OPEN' }> {
  return rules.since(3) ? { type: 'OPEN', on, periodsV3: true } : { type: 'OPEN', on };
}

/**
 * `if: { fulfilled, occurrence: previous }`: whether the open occurrence of `key` closes not owed,
 * the last occurrence of the named commitment's lineage due before it started not fulfilled.
 * With no such occurrence (the first year), it is owed.
 */
export function conditionUnmet(context: ConventionContext, key: string): boolean {
  const condition = context.terms[key]?.if;
  const open = context.commitments[key]?.getSnapshot().context.occurrences.at(-1);
  if (!condition || open?.status !== 'IN_EFFECT') return false;
  const before = lineageVersions(context, condition.fulfilled)
    .flatMap((k) => context.commitments[k]?.getSnapshot().context.occurrences ?? [])
    // By the due dates of the terms: a late occurrence (rules v4) is the period it was under them.
    .filter((o) => termsDueOn(o) < open.startsOn && o.status !== 'IN_EFFECT')
    .sort((x, y) => byCodePoint(termsDueOn(x), termsDueOn(y)));
  const previous = before.at(-1);
  return previous !== undefined && previous.status !== 'FULFILLED';
}
