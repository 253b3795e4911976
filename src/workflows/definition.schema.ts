import { Duration, IANAZone } from 'luxon';
import { z } from 'zod';
import {
  type CommitmentDefinition,
  type ConventionDefinition,
  type EvaluationDefinition,
  END_CAUSES,
  meetsRegularly,
  REGULAR_CADENCE,
  TERMINATION_MODES,
} from '../machines/definition';
import { dateProblem, durationProblem, monthDayProblem, survivalProblem } from './definition-values';
import { checkBetweenCommitments } from './check-after';
import { checkDueAfterPeriod, checkDueAtMonthEnd } from './check-due-after-period';
import { checkDueBy } from './check-due-by';
import { checkOptions } from './check-options';
import { checkOnlyIfEndedBy } from './check-only-if-ended-by';
import { checkEndsWhenFulfilled, checkRenewalAndNotice, checkStartsOn } from './check-term';
import { checkRecurrence } from './check-recurrence';
import { checkCommitteeHasCadence, checkRegularCommittee } from './check-regular-committee';

/** Ids are slugs so that they read well in URLs, logs and event payloads. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const DEFAULT_TIME_ZONE = 'Europe/Paris';
/** `evaluation.cadence: term`: one evaluation, due before the current term ends. */
export const TERM_CADENCE = 'term';

function withProblem(problem: (value: string) => string | null) {
  return z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message !== null) ctx.addIssue({ code: 'custom', message, input: value });
  });
}

const id = z.string().regex(ID_PATTERN, {
  error: (issue) =>
    `"${String(issue.input)}" is not a valid id (lowercase letters, digits and hyphens, starting with a letter or digit)`,
});
const text = z.string().trim().min(1, { error: 'must not be empty' });
const note = text.optional();
const duration = withProblem(durationProblem);
/** `automatic` when absent: the convention terminates on its own; `right`: a party may terminate it. */
const termination = z.enum(TERMINATION_MODES).optional();
const date = withProblem(dateProblem);
const monthDay = withProblem(monthDayProblem);
/** How long a commitment survives the convention: a duration, or `unlimited`. */
const survival = withProblem(survivalProblem);
const timeZone = withProblem((value) =>
  IANAZone.isValidZone(value) ? null : `"${value}" is not an IANA time zone (e.g. Europe/Paris)`,
);
const evaluationCadence = withProblem((value) => (value === TERM_CADENCE ? null : durationProblem(value)));
const committeeCadence = withProblem((value) =>
  value === REGULAR_CADENCE || durationProblem(value) === null
    ? null
    : `"${value}" is neither a positive ISO-8601 duration (e.g. P3M, P1Y) nor "regularly"`,
);
const positiveInteger = z
  .number()
  .int({ error: 'must be a whole number' })
  .positive({ error: 'must be at least 1' });
const partyIds = z.array(id).min(1, { error: 'must name at least one party' });

const signatorySchema = z.strictObject({ id, title: text });

const partySchema = z.strictObject({
  id,
  name: text,
  shortName: text,
  signatories: z.array(signatorySchema).min(1, { error: 'a party needs at least one signatory' }),
});

function kindError(kinds: readonly string[]) {
  return (issue: { input?: unknown }) => {
    const given =
      typeof issue.input === 'object' && issue.input !== null && 'kind' in issue.input
        ? `"${String(issue.input.kind)}"`
        : 'nothing';
    return `kind must be one of ${kinds.map((kind) => `"${kind}"`).join(', ')} (got ${given})`;
  };
}

/** Commitment ids whose fulfilment ends the convention early. */
const endsWhenFulfilled = z
  .array(id)
  .min(1, { error: 'must name at least one commitment (or leave the field out)' })
  .optional();

/** The day the convention takes effect, stated in the definition (« prend effet le 1er janvier 2025 »). */
const startsOn = date.optional();
/** Rules v4: how long after its signature a convention in force before it owes what fell due. */
const graceAfterSignature = duration.optional();

const termSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('fixed'),
      duration,
      startsOn,
      graceAfterSignature,
      endsWhenFulfilled,
      note,
    }),
    z.strictObject({
      kind: z.literal('until'),
      endsOn: date,
      startsOn,
      graceAfterSignature,
      endsWhenFulfilled,
      note,
    }),
    z.strictObject({ kind: z.literal('open-ended'), startsOn, graceAfterSignature, note }),
  ],
  { error: kindError(['fixed', 'until', 'open-ended']) },
);

const renewalSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('tacit'), term: duration, note }),
    z.strictObject({ kind: z.literal('amendment'), term: duration, note }),
    z.strictObject({ kind: z.literal('none'), note }),
  ],
  { error: kindError(['tacit', 'amendment', 'none']) },
);

const noticeSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('period'), period: duration, note }),
    z.strictObject({ kind: z.literal('anniversary'), window: duration.optional(), note }),
    z.strictObject({ kind: z.literal('none'), note }),
  ],
  { error: kindError(['period', 'anniversary', 'none']) },
);

const criterionSchema = z.strictObject({ id, label: text });

const evaluationSchema = z.strictObject({
  cadence: evaluationCadence,
  /** Defaults to every party of the convention. */
  parties: partyIds.optional(),
  criteria: z.array(criterionSchema).min(1, { error: 'an evaluation needs at least one criterion' }),
  then: z.enum(['continue', 'renew', 'terminate']),
  note,
});

const committeeSchema = z.strictObject({
  id,
  name: text,
  /** A duration, or `regularly` (« se réunit régulièrement »: no cadence). */
  cadence: committeeCadence,
  /** Default 1 with a cadence (filled in by `withDefaults`); refused with `regularly`. */
  atLeast: positiveInteger.optional(),
  parties: partyIds,
  /** Who must attend for a meeting to count: `all` members, or this many; absent: any one (as before). */
  quorum: z
    .union([z.literal('all'), positiveInteger], { error: 'must be "all" or a number of members' })
    .optional(),
  mission: text,
});

const commitmentSchema = z.strictObject({
  id,
  article: text,
  title: text,
  text,
  owners: z.array(id).min(1, { error: 'a commitment needs at least one owner' }),
  shape: z.enum(['one-off', 'recurring', 'standing']),
  due: duration.optional(),
  dueFrom: z.enum(['start', 'end']).optional(),
  dueBy: date.optional(),
  onlyIfEndedBy: z.array(z.enum(END_CAUSES)).optional(),
  after: id.optional(),
  if: z.strictObject({ fulfilled: id, occurrence: z.enum(['previous']) }).optional(),
  dueEachYearOn: monthDay.optional(),
  dueEachYearBefore: monthDay.optional(),
  survives: survival.optional(),
  every: duration.optional(),
  dueAfterPeriod: duration.optional(),
  dueAtMonthEnd: z.literal(true).optional(),
  atLeast: positiveInteger.optional(),
  committee: id.optional(),
  option: id.optional(),
});

const optionSchema = z.strictObject({ id, title: text, text, note });

/** Days before a date that its reminders go out: whole numbers from 0 (the day itself) to 366. */
const leadTimes = z.array(z.number().int().min(0).max(366)).max(10);

const fileSchema = z.strictObject({
  id,
  version: positiveInteger,
  title: text,
  visibility: z.enum(['parties', 'public']).optional(),
  source: z.strictObject({ document: text, signedOn: date.optional(), place: text.optional() }),
  timeZone: timeZone.default(DEFAULT_TIME_ZONE),
  parties: z.array(partySchema).min(2, { error: 'a convention needs at least 2 parties' }),
  term: termSchema,
  renewal: renewalSchema,
  notice: noticeSchema,
  evaluation: evaluationSchema.nullable().default(null),
  committees: z.array(committeeSchema).default([]),
  commitments: z.array(commitmentSchema).min(1, { error: 'a convention needs at least one commitment' }),
  options: z
    .array(optionSchema)
    .min(1, { error: 'must declare at least one option (or leave the field out)' })
    .optional(),
  breach: z.strictObject({ curePeriod: duration, termination, note }).optional(),
  forceMajeure: z.strictObject({ maxSuspension: duration, termination, note }).optional(),
  reminders: z
    .strictObject({
      notice: leadTimes.optional(),
      commitment: leadTimes.optional(),
      evaluation: leadTimes.optional(),
      committee: leadTimes.optional(),
    })
    .optional(),
});

/** A definition file once its fields are well formed, before defaults that need the whole file. */
export type DefinitionFile = z.output<typeof fileSchema>;
export type Path = (string | number)[];
export type Report = (path: Path, message: string) => void;

const quoted = (values: readonly string[]): string =>
  values.length === 0 ? '(none)' : values.map((value) => `"${value}"`).join(', ');

function checkUnique(entries: readonly { id: string; path: Path }[], what: string, report: Report): void {
  const first = new Map<string, Path>();
  for (const entry of entries) {
    const seen = first.get(entry.id);
    if (seen === undefined) first.set(entry.id, entry.path);
    else report(entry.path, `duplicate ${what} id "${entry.id}" (already used at ${formatPath(seen)})`);
  }
}

function checkCommittee(
  committee: DefinitionFile['committees'][number],
  index: number,
  declared: ReadonlySet<string>,
  report: Report,
): void {
  checkParties(committee.parties, ['committees', index, 'parties'], declared, report);
  checkRegularCommittee(committee, index, report);
  if (typeof committee.quorum === 'number' && committee.quorum > committee.parties.length) {
    report(
      ['committees', index, 'quorum'],
      `"quorum" (${committee.quorum}) cannot exceed the ${committee.parties.length} members of committee "${committee.id}"`,
    );
  }
}

function checkParties(ids: readonly string[], at: Path, declared: ReadonlySet<string>, report: Report): void {
  const listed = new Set<string>();
  ids.forEach((party, index) => {
    if (!declared.has(party)) {
      report([...at, index], `unknown party "${party}" (declared parties: ${quoted([...declared])})`);
    } else if (listed.has(party)) {
      report([...at, index], `party "${party}" is listed twice`);
    }
    listed.add(party);
  });
}

function sameDuration(a: string, b: string): boolean {
  return Duration.fromISO(a).rescale().equals(Duration.fromISO(b).rescale());
}

function checkCommitment(
  commitment: DefinitionFile['commitments'][number],
  at: Path,
  definition: DefinitionFile,
  report: Report,
): void {
  const { shape } = commitment;
  for (const field of ['due', 'dueFrom'] as const) {
    if (commitment[field] !== undefined && shape !== 'one-off') {
      report([...at, field], `"${field}" is only allowed on a one-off commitment (this one is ${shape})`);
    }
  }
  if (shape === 'one-off' && commitment.dueFrom !== undefined && commitment.due === undefined) {
    report(
      [...at, 'dueFrom'],
      '"dueFrom" needs "due" (how long after the start or the end the commitment is due)',
    );
  }
  checkDueBy(commitment, at, definition, report);
  checkDueAfterPeriod(commitment, at, report);
  checkDueAtMonthEnd(commitment, at, report);
  checkOnlyIfEndedBy(commitment, at, report);
  if (commitment.survives !== undefined && shape === 'recurring') {
    report(
      [...at, 'survives'],
      '"survives" is not allowed on a recurring commitment (its occurrences stop when the convention ends)',
    );
  }
  if (shape === 'recurring') {
    checkRecurrence(commitment, at, report);
  } else {
    for (const field of ['every', 'dueEachYearOn', 'dueEachYearBefore', 'atLeast', 'committee'] as const) {
      if (commitment[field] !== undefined) {
        report([...at, field], `"${field}" is only allowed on a recurring commitment (this one is ${shape})`);
      }
    }
    return;
  }
  if (commitment.committee === undefined) return;
  const committee = definition.committees.find((candidate) => candidate.id === commitment.committee);
  if (committee === undefined) {
    const declared = definition.committees.map((candidate) => candidate.id);
    report(
      [...at, 'committee'],
      `unknown committee "${commitment.committee}" (declared committees: ${quoted(declared)})`,
    );
    return;
  }
  if (!checkCommitteeHasCadence(committee, at, report)) return;
  if (commitment.every !== undefined && !sameDuration(commitment.every, committee.cadence)) {
    report(
      [...at, 'every'],
      `"every" (${commitment.every}) must equal the cadence of committee "${committee.id}" (${committee.cadence})`,
    );
  }
  const meetings = committee.atLeast ?? 1;
  if (commitment.atLeast !== undefined && commitment.atLeast !== meetings) {
    report(
      [...at, 'atLeast'],
      `"atLeast" (${commitment.atLeast}) must equal the atLeast of committee "${committee.id}" (${meetings})`,
    );
  }
}

/** The evaluation clause: its parties declared, its criteria unique, a term cadence on a term that ends. */
function checkEvaluation(
  evaluation: NonNullable<DefinitionFile['evaluation']>,
  term: DefinitionFile['term'],
  declared: Set<string>,
  report: Report,
): void {
  if (evaluation.parties !== undefined) {
    checkParties(evaluation.parties, ['evaluation', 'parties'], declared, report);
  }
  checkUnique(
    evaluation.criteria.map((criterion, index) => ({
      id: criterion.id,
      path: ['evaluation', 'criteria', index, 'id'],
    })),
    'criterion',
    report,
  );
  if (evaluation.cadence === TERM_CADENCE && term.kind === 'open-ended') {
    report(
      ['evaluation', 'cadence'],
      `cadence "term" needs a term that ends: kind "fixed" or "until" (term.kind is ${term.kind})`,
    );
  }
}

/** The rules that need more than one field: references, uniqueness, and coherent clauses. */
function checkDefinition(definition: DefinitionFile, report: Report): void {
  const { parties, committees, commitments, evaluation, term, source } = definition;
  checkUnique(
    parties.map((party, index) => ({ id: party.id, path: ['parties', index, 'id'] })),
    'party',
    report,
  );
  checkUnique(
    parties.flatMap((party, index) =>
      party.signatories.map((signatory, s) => ({
        id: signatory.id,
        path: ['parties', index, 'signatories', s, 'id'],
      })),
    ),
    'signatory',
    report,
  );
  checkUnique(
    committees.map((c, index) => ({ id: c.id, path: ['committees', index, 'id'] })),
    'committee',
    report,
  );
  checkUnique(
    commitments.map((c, index) => ({ id: c.id, path: ['commitments', index, 'id'] })),
    'commitment',
    report,
  );

  const declared = new Set(parties.map((party) => party.id));
  commitments.forEach((commitment, index) => {
    checkParties(commitment.owners, ['commitments', index, 'owners'], declared, report);
    checkCommitment(commitment, ['commitments', index], definition, report);
  });
  checkBetweenCommitments(commitments, report);
  committees.forEach((committee, index) => checkCommittee(committee, index, declared, report));

  if (evaluation !== null) checkEvaluation(evaluation, term, declared, report);

  if (term.kind !== 'open-ended') checkEndsWhenFulfilled(term.endsWhenFulfilled ?? [], commitments, report);
  if (term.kind === 'until' && source.signedOn !== undefined && term.endsOn <= source.signedOn) {
    report(
      ['term', 'endsOn'],
      `the convention must end after it is signed (endsOn ${term.endsOn}, source.signedOn ${source.signedOn})`,
    );
  }

  checkStartsOn(term, report);
  checkOptions(definition, report);

  checkRenewalAndNotice(definition, report);
}

function withDefaults(file: DefinitionFile): ConventionDefinition {
  const partyIdList = file.parties.map((party) => party.id);
  const evaluation: EvaluationDefinition | null =
    file.evaluation === null ? null : { ...file.evaluation, parties: file.evaluation.parties ?? partyIdList };
  const commitments: CommitmentDefinition[] = file.commitments.map((commitment) => {
    if (commitment.shape !== 'recurring' || commitment.atLeast !== undefined) return commitment;
    const committee = file.committees.find((candidate) => candidate.id === commitment.committee);
    return { ...commitment, atLeast: committee?.atLeast ?? 1 };
  });
  // `atLeast` defaults to 1 on a committee with a cadence; one that meets regularly has none.
  const committees = file.committees.map((committee) =>
    meetsRegularly(committee) ? committee : { ...committee, atLeast: committee.atLeast ?? 1 },
  );
  return { ...file, evaluation, committees, commitments };
}

/**
 * The YAML format of `workflows/*.yaml` (documented in `workflows/README.md`). Parsing yields a
 * `ConventionDefinition` with every default filled in.
 */
export const conventionDefinitionSchema = fileSchema
  .superRefine((definition, ctx) =>
    checkDefinition(definition, (path, message) =>
      ctx.addIssue({ code: 'custom', path, message, input: definition }),
    ),
  )
  .transform(withDefaults);

export type ConventionDefinitionInput = z.input<typeof conventionDefinitionSchema>;

/** Fails to compile if the schema's output drifts from the type the engine consumes. */
type AssertAssignable<Actual extends Expected, Expected> = Actual;
export type SchemaOutputIsConventionDefinition = AssertAssignable<
  z.output<typeof conventionDefinitionSchema>,
  ConventionDefinition
>;

/** `commitments[3].owners[0]`; `(root)` for the whole file. */
export function formatPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const segment of path) {
    if (typeof segment === 'number') result += `[${segment}]`;
    else result += result === '' ? String(segment) : `.${String(segment)}`;
  }
  return result === '' ? '(root)' : result;
}
