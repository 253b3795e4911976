/**
 * A convention definition as the engine consumes it, once a file of `workflows/`
 * has been validated. Durations are ISO-8601 strings (`P12M`, `P3Y`, `P2M`); dates are
 * calendar dates (`YYYY-MM-DD`) in the definition's time zone.
 */
export interface SignatoryDefinition {
  id: string;
  /** Who signs, as the text names the office (« Le Préfet de la Région Île-de-France »). */
  title: string;
}

export interface PartyDefinition {
  /** Global party id: the same institution keeps the same id across conventions. */
  id: string;
  name: string;
  shortName: string;
  /** One or more signatories sign for the party; every one must sign. */
  signatories: SignatoryDefinition[];
}

/**
 * `startsOn`: the day the convention takes effect, stated in the definition (« la présente
 * convention prend effet le 1er janvier 2025 »), whenever it is signed; absent, the day agreed
 * when it is created, or the day of the last signature.
 */
/**
 * `graceAfterSignature` (rules v4): a convention in force before its signature owes what fell
 * due before the signature by the end of this period after it (absent: P1M, `late-start.ts`).
 */
interface TermStart {
  startsOn?: string;
  graceAfterSignature?: string;
}

export type TermDefinition =
  | ({ kind: 'fixed'; duration: string; endsWhenFulfilled?: string[]; note?: string } & TermStart)
  /** Ends on a fixed date (« jusqu'au 31 décembre 2012 »), or earlier once the deliverables are accepted. */
  | ({ kind: 'until'; endsOn: string; endsWhenFulfilled?: string[]; note?: string } & TermStart)
  | ({ kind: 'open-ended'; note?: string } & TermStart);

export type RenewalDefinition =
  | { kind: 'tacit'; term: string; note?: string }
  | { kind: 'amendment'; term: string; note?: string }
  | { kind: 'none'; note?: string };

export type NoticeDefinition =
  /** Notice at any time, effective after `period` (« préavis de trois mois »). */
  | { kind: 'period'; period: string; note?: string }
  /**
   * Notice effective at the next anniversary of the start date; with `window`, only in that
   * window before the anniversary (« dans les trois mois précédant la date anniversaire »).
   */
  | { kind: 'anniversary'; window?: string; note?: string }
  /** The text gives no way to end the convention early. */
  | { kind: 'none'; note?: string };

export interface CriterionDefinition {
  id: string;
  label: string;
}

export type EvaluationOutcome = 'continue' | 'renew' | 'terminate';

export interface EvaluationDefinition {
  /** `P1Y` for an annual evaluation; `term` for one evaluation due before the term ends. */
  cadence: string;
  /** Parties that submit an assessment; every one must submit. */
  parties: string[];
  criteria: CriterionDefinition[];
  /** What the convention does once every party has submitted. */
  then: EvaluationOutcome;
  note?: string;
}

/** `cadence: regularly`: a committee that meets « régulièrement », with no fixed cadence. */
export const REGULAR_CADENCE = 'regularly';

export interface CommitteeDefinition {
  id: string;
  name: string;
  /**
   * Period over which the committee must meet (`P3M` quarterly, `P1Y` yearly), or `regularly`:
   * no fixed cadence, its meetings are recorded as evidence and nothing falls due for it.
   */
  cadence: string;
  /** Meetings required per period (« au moins deux fois par an » → 2); absent when it meets `regularly`. */
  atLeast?: number;
  parties: string[];
  /**
   * Who must attend for a meeting to count (rules v2): `all` its members (« rassemblant les
   * signataires »), or at least this many of them. Absent: any one member, as before. A meeting
   * short of it is recorded but fulfils nothing.
   */
  quorum?: 'all' | number;
  mission: string;
}

export const COMMITMENT_SHAPES = ['one-off', 'recurring', 'standing'] as const;
export type CommitmentShape = (typeof COMMITMENT_SHAPES)[number];

export interface CommitmentDefinition {
  id: string;
  /** Where the text says it (« Article 3, action 1 »). */
  article: string;
  title: string;
  /** The commitment in the words of the source text. */
  text: string;
  /** One party, or several jointly: every owner must confirm its share. */
  owners: string[];
  shape: CommitmentShape;
  /** One-off only: due this long after the convention takes effect (or ends, with `dueFrom: end`). */
  due?: string;
  /** `end`: the commitment starts when the convention ends (« dans les quatre mois suivant l'échéance »). */
  dueFrom?: 'start' | 'end';
  /**
   * One-off only: due on this calendar date, `YYYY-MM-DD` in the definition's time zone, that
   * day included (« au plus tard le 31 décembre 2025 »); VIOLATED the day after. Excludes `due`.
   */
  dueBy?: string;
  /**
   * One-off with `dueFrom: end` only: the commitment arises only when the convention ends by one
   * of these causes (« en cas de résiliation pour inexécution »: `[breach]`); ended otherwise, it
   * never arises and is LAPSED. Absent: it arises however the convention ends.
   */
  onlyIfEndedBy?: EndCause[];
  /**
   * One-off only: the id of the one-off commitment this one comes after (« dans un délai d'un
   * mois à compter de leur remise »): owed only once that one is fulfilled, `due` then counting
   * from the day of its last owner's confirmation. Excludes `dueBy` and `dueFrom: end`.
   */
  after?: string;
  /**
   * Recurring only: each occurrence is owed only if the previous occurrence of another recurring
   * commitment was fulfilled (« la subvention annuelle est versée si le rapport de l'année
   * précédente a été accepté »); otherwise it is NOT_OWED, never VIOLATED.
   */
  if?: OccurrenceCondition;
  /** Recurring only: due each year on this calendar day, `MM-DD`, that day included. */
  dueEachYearOn?: string;
  /** Recurring only: due each year strictly before this calendar day (« avant le 30 avril »: the 29th). */
  dueEachYearBefore?: string;
  /**
   * Stays in effect this long after the convention ends (confidentiality), an ISO-8601 duration;
   * `unlimited` (`SURVIVES_WITHOUT_LIMIT`): for good, with no end.
   */
  survives?: string;
  /** Recurring only: the period of one occurrence. */
  every?: string;
  /**
   * Recurring with `every` only: each occurrence is due this long after the last day of the
   * period it covers (« chaque mois, le relevé du mois précédent au plus tard le 10 »: `every:
   * P1M` from the 1st, `dueAfterPeriod: P10D`). Shorter than the period. Absent: due on the
   * period's last day.
   */
  dueAfterPeriod?: string;
  /**
   * With a `due` (one-off) or a `dueAfterPeriod` (recurring) in whole months or years: due on the
   * last day of the month the duration reaches (« le dernier jour du deuxième mois suivant la
   * réception de la facture »: `after: invoice`, `due: P2M`, received 10 March: 31 May). Only
   * `true`; absent: due on the day the duration reaches.
   */
  dueAtMonthEnd?: true;
  /** Recurring only: fulfilments required per occurrence. */
  atLeast?: number;
  /** Recurring only: the committee whose meetings fulfil it. */
  committee?: string;
  /**
   * The option (`ConventionDefinition.options`) this commitment belongs to: it exists only in
   * the conventions created with that option chosen. Absent: in every convention.
   */
  option?: string;
}

/**
 * An optional section of the text, chosen (or not) when a convention is created (« Le
 * bénéficiaire peut adhérer au programme … ; dans ce cas il s'engage à … »). Its commitments
 * name it (`option`).
 */
export interface OptionDefinition {
  id: string;
  title: string;
  /** The clause in the words of the source text. */
  text: string;
  note?: string;
}

/**
 * How a convention may end, as a definition spells it: its termination causes (NOTICE, EXPIRY,
 * EVALUATION, COMPLETION, BREACH, FORCE_MAJEURE) as lower-case slugs.
 */
export const END_CAUSES = [
  'notice',
  'expiry',
  'evaluation',
  'completion',
  'breach',
  'force-majeure',
] as const;
export type EndCause = (typeof END_CAUSES)[number];

/** A termination cause (`FORCE_MAJEURE`) as a definition spells it (`force-majeure`). */
export function endCauseOf(cause: string): EndCause {
  return cause.toLowerCase().replace(/_/g, '-') as EndCause;
}

/** `if: { fulfilled: annual-report, occurrence: previous }` on a recurring commitment. */
export interface OccurrenceCondition {
  /** The recurring commitment whose occurrence must have been fulfilled. */
  fulfilled: string;
  /** Which of its occurrences: the last one due before this occurrence starts. */
  occurrence: 'previous';
}

/** `survives: unlimited`: the commitment stays in effect after the convention ends, with no end. */
export const SURVIVES_WITHOUT_LIMIT = 'unlimited';

/** Whether the committee meets « régulièrement »: no cadence, no commitment, nothing due. */
export function meetsRegularly(committee: Pick<CommitteeDefinition, 'cadence'>): boolean {
  return committee.cadence === REGULAR_CADENCE;
}

/** Who may read the conventions of a definition: their parties only, or every representative too. */
export const VISIBILITIES = ['parties', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/**
 * What a ground for termination does once it arises: `automatic`, the convention terminates on
 * its own (« résiliée de plein droit »); `right`, the parties holding the right may terminate it
 * (« pourra résilier »), for as long as the ground lasts.
 */
export const TERMINATION_MODES = ['automatic', 'right'] as const;
export type TerminationMode = (typeof TERMINATION_MODES)[number];

export interface ConventionDefinition {
  id: string;
  version: number;
  title: string;
  /** Absent means `parties`: left out so that older definitions keep their content hash. */
  visibility?: Visibility;
  /** The source text this definition is drawn from. */
  source: { document: string; signedOn?: string; place?: string };
  timeZone: string;
  parties: PartyDefinition[];
  term: TermDefinition;
  renewal: RenewalDefinition;
  notice: NoticeDefinition;
  evaluation: EvaluationDefinition | null;
  committees: CommitteeDefinition[];
  commitments: CommitmentDefinition[];
  /** Optional sections chosen at creation; absent: none (and the content hash is unchanged). */
  options?: OptionDefinition[];
  /**
   * Termination for breach: after a formal notice (« mise en demeure ») left unanswered for
   * `curePeriod`, the convention terminates (`termination` absent or `automatic`), or the parties
   * the breached commitment is owed to may terminate it (`right`, « pourra être résiliée par
   * l'autre partie »), until the breach is cured late. Absent: existing content hashes unchanged.
   */
  breach?: { curePeriod: string; termination?: TerminationMode; note?: string };
  /**
   * Suspension for force majeure; if it lasts longer than `maxSuspension`, the convention
   * terminates (`termination` absent or `automatic`), or the other parties may terminate it
   * (`right`, « l'autre partie pourra résilier »). Absent: existing content hashes unchanged.
   */
  forceMajeure?: { maxSuspension: string; termination?: TerminationMode; note?: string };
  /** Days before each deadline that its reminders go out; defaults in `reminders.ts`. */
  reminders?: ReminderLeadTimes;
}

/** Lead times of reminders, in days before the date (0: on the day). */
export interface ReminderLeadTimes {
  notice?: number[];
  commitment?: number[];
  evaluation?: number[];
  committee?: number[];
}

/** The rules a running convention follows; amendments change them. */
export type ConventionRules = Pick<
  ConventionDefinition,
  'timeZone' | 'term' | 'renewal' | 'notice' | 'evaluation' | 'breach' | 'forceMajeure'
>;

/** `id@version`: the name under which a definition version is recorded on events. */
export function definitionRef(definition: Pick<ConventionDefinition, 'id' | 'version'>): string {
  return `${definition.id}@${definition.version}`;
}

/**
 * The commitments a convention created with `chosen` options has: those of no option, and those
 * of a chosen option, in the definition's order.
 */
export function commitmentsWithOptions(
  commitments: readonly CommitmentDefinition[],
  chosen: readonly string[] | undefined,
): CommitmentDefinition[] {
  return commitments.filter((c) => c.option === undefined || (chosen ?? []).includes(c.option));
}
