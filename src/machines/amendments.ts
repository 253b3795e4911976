import { isCalendarDate, isValidDuration } from './calendar';
import { Amendment, AmendmentDiff, CommitmentTerms } from './convention.context';
import { AmendmentChanges } from './convention.events';
import {
  CommitmentDefinition,
  CommitteeDefinition,
  ConventionRules,
  END_CAUSES,
  meetsRegularly,
  PartyDefinition,
  SURVIVES_WITHOUT_LIMIT,
} from './definition';
import { dueAfterPeriodProblem } from './due-after-period';

/**
 * What an amendment (avenant) does to a convention's text: pure functions shared by the
 * machine (guards and actions, so replay checks them) and the API (to answer BAD_USER_INPUT).
 */

const KEY = /^[a-z0-9][a-z0-9-]*(\.v\d+)?$/;

function live(terms: Record<string, CommitmentTerms>, key: string): CommitmentTerms | undefined {
  const found = terms[key];
  return found && found.supersededBy === null ? found : undefined;
}

function commitmentProblem(
  commitment: CommitmentDefinition,
  parties: readonly PartyDefinition[],
  committees: readonly Pick<CommitteeDefinition, 'id' | 'cadence'>[],
): string | null {
  const partyIds = parties.map((p) => p.id);
  if (!commitment.owners.length) return `commitment ${commitment.id} needs at least one owner`;
  const stranger = commitment.owners.find((o) => !partyIds.includes(o));
  if (stranger) return `commitment ${commitment.id}: ${stranger} is not a party of this convention`;
  for (const [field, value] of [
    ['due', commitment.due],
    ['every', commitment.every],
    ['survives', commitment.survives === SURVIVES_WITHOUT_LIMIT ? undefined : commitment.survives],
  ] as const) {
    if (value !== undefined && !isValidDuration(value)) {
      const expected =
        field === 'survives'
          ? `is neither a positive ISO-8601 duration nor "${SURVIVES_WITHOUT_LIMIT}"`
          : 'is not a positive ISO-8601 duration';
      return `commitment ${commitment.id}: ${field} "${value}" ${expected}`;
    }
  }
  const offsetProblem = dueAfterPeriodProblem(commitment);
  if (offsetProblem) return `commitment ${commitment.id}: ${offsetProblem}`;
  const dueByProblem = dueByOf(commitment) ?? onlyIfEndedByOf(commitment);
  if (dueByProblem) return dueByProblem;
  const ways = [commitment.every, commitment.dueEachYearOn, commitment.dueEachYearBefore].filter(Boolean);
  if (commitment.shape === 'recurring' && ways.length === 0) {
    return `recurring commitment ${commitment.id} needs "every", "dueEachYearOn" or "dueEachYearBefore"`;
  }
  if (commitment.shape !== 'recurring' && ways.length > 0) {
    return `only a recurring commitment has "every", "dueEachYearOn" or "dueEachYearBefore" (${commitment.id})`;
  }
  const committee = committees.find((c) => c.id === commitment.committee);
  if (commitment.committee && !committee) {
    return `commitment ${commitment.id}: no committee ${commitment.committee}`;
  }
  if (committee && meetsRegularly(committee)) {
    return `commitment ${commitment.id}: committee ${committee.id} meets regularly, with no cadence, and fulfils no commitment`;
  }
  return null;
}

/** `dueBy`, as in a definition: a calendar date, on a one-off commitment without `due`. */
function dueByOf(commitment: CommitmentDefinition): string | null {
  const { dueBy, id } = commitment;
  if (dueBy === undefined) return null;
  if (!isCalendarDate(dueBy)) return `commitment ${id}: dueBy "${dueBy}" is not a date (YYYY-MM-DD)`;
  if (commitment.shape !== 'one-off') return `only a one-off commitment has "dueBy" (${id})`;
  if (commitment.due !== undefined) return `commitment ${id}: "dueBy" and "due" exclude each other`;
  if (commitment.after !== undefined) return `commitment ${id}: "dueBy" and "after" exclude each other`;
  return null;
}

/**
 * `after` on an added commitment, as in a definition: a one-off, not due from the end, after
 * another one-off that is in force or added with it, in no cycle.
 */
function afterProblem(
  commitment: CommitmentDefinition,
  terms: Record<string, CommitmentTerms>,
  added: readonly CommitmentDefinition[],
): string | null {
  const { after, id } = commitment;
  if (after === undefined) return null;
  if (commitment.shape !== 'one-off') return `only a one-off commitment has "after" (${id})`;
  if (commitment.dueFrom === 'end') return `commitment ${id}: "after" and "dueFrom: end" exclude each other`;
  if (after === id) return `commitment ${id} cannot come after itself`;
  const predecessor = live(terms, after) ?? added.find((c) => c.id === after);
  if (!predecessor) return `commitment ${id}: no current commitment ${after} to come after`;
  if (predecessor.shape !== 'one-off')
    return `commitment ${id}: "after" must name a one-off commitment (${after})`;
  const seen = [id];
  for (let next = added.find((c) => c.id === after); next; next = added.find((c) => c.id === next?.after)) {
    if (seen.includes(next.id))
      return `commitment ${id}: "after" makes a cycle (${[...seen, next.id].join(' → ')})`;
    seen.push(next.id);
  }
  return null;
}

/** `onlyIfEndedBy`, as in a definition: known causes, at least one, on a one-off due from the end. */
function onlyIfEndedByOf(commitment: CommitmentDefinition): string | null {
  const { onlyIfEndedBy: causes, id } = commitment;
  if (causes === undefined) return null;
  const unknown = causes.find((cause) => !(END_CAUSES as readonly string[]).includes(cause));
  if (unknown !== undefined) {
    return `commitment ${id}: onlyIfEndedBy "${unknown}" is not one of ${END_CAUSES.join(', ')}`;
  }
  if (causes.length === 0) {
    return `commitment ${id}: onlyIfEndedBy must list at least one way the convention ends`;
  }
  const twice = causes.find((cause, index) => causes.indexOf(cause) !== index);
  if (twice !== undefined) return `commitment ${id}: onlyIfEndedBy lists "${twice}" twice`;
  if (commitment.shape !== 'one-off' || commitment.dueFrom !== 'end') {
    return `commitment ${id}: "onlyIfEndedBy" needs a one-off commitment with dueFrom end`;
  }
  return null;
}

/** Why these changes cannot apply to the convention as it stands, or null when they can. */
export function amendmentProblem(
  changes: AmendmentChanges,
  rules: ConventionRules,
  terms: Record<string, CommitmentTerms>,
  parties: readonly PartyDefinition[],
  committees: readonly Pick<CommitteeDefinition, 'id' | 'cadence'>[],
  /** Whether a commitment is still open (not fulfilled, violated, waived or terminated). */
  isOpen: (key: string) => boolean,
): string | null {
  const added = changes.addCommitments ?? [];
  const changed = changes.changeCommitments ?? [];
  const waived = changes.waiveCommitments ?? [];
  const ruleChanges = ['term', 'renewal', 'notice', 'evaluation'].filter((k) => k in changes);
  if (!added.length && !changed.length && !waived.length && !ruleChanges.length) {
    return 'an amendment must change something';
  }
  const touched = [...changed.map((c) => c.id), ...waived];
  if (new Set(touched).size !== touched.length) return 'a commitment may be changed or waived only once';
  for (const key of touched) {
    if (!live(terms, key)) return `no current commitment ${key}`;
  }
  const closed = waived.find((key) => !isOpen(key));
  if (closed) return `commitment ${closed} is no longer open: there is nothing to waive`;
  const addedKeys = added.map((c) => c.id);
  if (new Set(addedKeys).size !== addedKeys.length) return 'added commitments need distinct ids';
  for (const commitment of added) {
    if (!KEY.test(commitment.id) || commitment.id.includes('.v')) {
      return `commitment id "${commitment.id}" must be lowercase letters, digits and dashes`;
    }
    if (terms[commitment.id]) return `commitment ${commitment.id} already exists`;
    const problem =
      commitmentProblem(commitment, parties, committees) ?? afterProblem(commitment, terms, added);
    if (problem) return problem;
  }
  for (const change of changed) {
    const problem = commitmentProblem(
      { ...(live(terms, change.id) as CommitmentTerms), ...change },
      parties,
      committees,
    );
    if (problem) return problem;
  }
  const next = { ...rules, ...pickRules(changes) };
  if (next.term.kind === 'fixed' && !isValidDuration(next.term.duration)) return 'term duration is not valid';
  if (next.renewal.kind !== 'none' && !isValidDuration(next.renewal.term)) return 'renewal term is not valid';
  if (next.notice.kind === 'period' && !isValidDuration(next.notice.period))
    return 'notice period is not valid';
  if (next.evaluation && next.evaluation.cadence !== 'term' && !isValidDuration(next.evaluation.cadence)) {
    return 'evaluation cadence is not valid';
  }
  if (next.term.kind === 'open-ended' && next.renewal.kind !== 'none') {
    return 'an open-ended convention cannot be renewed';
  }
  return null;
}

function pickRules(changes: AmendmentChanges): Partial<ConventionRules> {
  const out: Partial<ConventionRules> = {};
  if (changes.term) out.term = changes.term;
  if (changes.renewal) out.renewal = changes.renewal;
  if (changes.notice) out.notice = changes.notice;
  if (changes.evaluation !== undefined) out.evaluation = changes.evaluation;
  return out;
}

/**
 * An amended term keeps the day the definition says the convention takes effect, and the grace
 * after signature it gave (rules v4): no avenant moves them, they were spent at the start.
 */
function keepStartsOn(next: ConventionRules, previous: ConventionRules): ConventionRules {
  const { startsOn, graceAfterSignature } = previous.term;
  let term = next.term;
  if (startsOn !== undefined && term.startsOn === undefined) term = { ...term, startsOn };
  if (graceAfterSignature !== undefined && term.graceAfterSignature === undefined) {
    term = { ...term, graceAfterSignature };
  }
  return term === next.term ? next : { ...next, term };
}

/**
 * The key every version of a commitment shares: its first version's (`report` for `report`,
 * `report.v2`, `report.v3`). An added commitment's key has no version suffix, and no commitment
 * is ever added under a key already used, so a lineage key names one commitment for good.
 */
export function lineageKey(key: string): string {
  return key.replace(/\.v\d+$/, '');
}

function nextVersionKey(terms: Record<string, CommitmentTerms>, key: string): string {
  const base = lineageKey(key);
  let version = 2;
  while (terms[`${base}.v${version}`]) version += 1;
  return `${base}.v${version}`;
}

export interface AppliedAmendment {
  rules: ConventionRules;
  terms: Record<string, CommitmentTerms>;
  diff: AmendmentDiff;
  /** Commitments to spawn (added ones and new versions of changed ones). */
  spawn: CommitmentTerms[];
  /** Commitments to waive (waived ones and superseded versions). */
  discharge: string[];
}

export function applyAmendment(
  amendmentId: string,
  changes: AmendmentChanges,
  rules: ConventionRules,
  terms: Record<string, CommitmentTerms>,
): AppliedAmendment {
  const { nextTerms, spawn, diff } = amendTerms(amendmentId, changes, terms);
  return {
    rules: keepStartsOn({ ...rules, ...pickRules(changes) }, rules),
    terms: nextTerms,
    diff,
    spawn,
    discharge: [...diff.waived, ...diff.changed.map((c) => c.from)],
  };
}

/** What an amendment does to the commitments' terms (`applyAmendment`, rules aside). */
function amendTerms(amendmentId: string, changes: AmendmentChanges, terms: Record<string, CommitmentTerms>) {
  const nextTerms = { ...terms };
  const spawn: CommitmentTerms[] = [];
  const diff: AmendmentDiff = { added: [], changed: [], waived: [], rules: Object.keys(pickRules(changes)) };
  for (const commitment of changes.addCommitments ?? []) {
    const added: CommitmentTerms = { ...commitment, supersedes: null, supersededBy: null, amendmentId };
    nextTerms[commitment.id] = added;
    spawn.push(added);
    diff.added.push(commitment.id);
  }
  for (const change of changes.changeCommitments ?? []) {
    const previous = nextTerms[change.id] as CommitmentTerms;
    const key = nextVersionKey(nextTerms, change.id);
    const next: CommitmentTerms = {
      ...previous,
      ...change,
      id: key,
      supersedes: change.id,
      supersededBy: null,
      amendmentId,
    };
    nextTerms[change.id] = { ...previous, supersededBy: key };
    nextTerms[key] = next;
    spawn.push(next);
    diff.changed.push({ from: change.id, to: key });
  }
  for (const key of changes.waiveCommitments ?? []) diff.waived.push(key);
  return { nextTerms, spawn, diff };
}

/**
 * The terms of every commitment version once `amendments` took effect, in the order they did,
 * as the machine applied them (`applyAmendment`): what a client reads as a version's terms in
 * force without replaying its amendments. A version's terms never change once it exists (a
 * change makes a new version), so the convention's current amendments answer for any version.
 */
export function termsAfter(
  commitments: readonly CommitmentDefinition[],
  amendments: readonly Pick<Amendment, 'id' | 'kind' | 'status' | 'changes'>[],
): Record<string, CommitmentTerms> {
  let terms = termsFromDefinition(commitments);
  for (const amendment of amendments) {
    if (amendment.kind !== 'CHANGE' || amendment.status !== 'APPLIED') continue;
    terms = amendTerms(amendment.id, amendment.changes, terms).nextTerms;
  }
  return terms;
}

export function termsFromDefinition(
  commitments: readonly CommitmentDefinition[],
): Record<string, CommitmentTerms> {
  return Object.fromEntries(
    commitments.map((c) => [c.id, { ...c, supersedes: null, supersededBy: null, amendmentId: null }]),
  );
}
