import { addDays, IsoDate } from '../machines/calendar';
import { ConventionView } from '../machines/convention.view';
import { DeadlineKind } from '../machines/deadlines';
import { ConventionDefinition } from '../machines/definition';
import { frenchDate } from './french-date';

/** One all-day event of a feed, on its local date in the convention's time zone. */
export interface FeedEntry {
  /** Convention, kind and subject: a date that moves keeps its event. */
  uid: string;
  conventionId: string;
  kind: DeadlineKind;
  date: IsoDate;
  summary: string;
  description: string;
  /** Reminders, in days before the date. */
  alarmDaysBefore: readonly number[];
  /** The convention's version: grows with every change, so a client takes a moved date as the newer. */
  sequence: number;
}

/** A pending deadline as the store keeps it. */
export interface PendingDeadline {
  kind: string;
  subject: string | null;
  dueOn: IsoDate;
}

/** What a feed shows of one convention. */
export interface FeedConvention {
  id: string;
  version: number;
  definition: Pick<ConventionDefinition, 'parties' | 'timeZone'>;
  view: Pick<
    ConventionView,
    'title' | 'status' | 'term' | 'notice' | 'nextEvaluationDueOn' | 'rules' | 'formalNotices'
  >;
  /** Title and committee of the commitments its deadlines name, by key. */
  commitments: ReadonlyMap<string, { title: string; article: string; committee: string | null }>;
  deadlines: readonly PendingDeadline[];
}

/**
 * Deadlines that fire the day after the date people act on (the last day to give notice, a due
 * date, the last day of a term, the last day a suspension may last): the feed shows that last
 * day. SUSPENSION_LIMIT is one under both rules versions: v2 fires the day after the limit day
 * (the last day allowed); v1 fired on the limit day itself, so its last day allowed was the eve.
 */
const FIRES_DAY_AFTER: ReadonlySet<string> = new Set<DeadlineKind>([
  'COMMITMENT_DUE',
  'EVALUATION_DUE',
  'CURE_PERIOD_END',
  'SUSPENSION_LIMIT',
  'NOTICE_DEADLINE',
  'TERM_END',
  'SURVIVAL_END',
]);

const KINDS: ReadonlySet<string> = new Set<DeadlineKind>([
  ...(FIRES_DAY_AFTER as ReadonlySet<DeadlineKind>),
  'EFFECTIVE_DATE',
  'TERMINATION',
  'EVALUATION_PERIOD',
  'AMENDMENT_EFFECTIVE',
]);

/** Days before a notice deadline that a calendar reminds of it. */
export const NOTICE_ALARM_DAYS: readonly number[] = [30, 7];

export function entryUid(conventionId: string, kind: DeadlineKind, subject: string | null): string {
  return `${conventionId}.${kind.toLowerCase().replace(/_/g, '-')}.${subject ?? 'convention'}@conventio`;
}

/** « Convention HALDE–AMF »: the parties' short names, as the conventions name themselves. */
export function conventionName(definition: Pick<ConventionDefinition, 'parties'>): string {
  return `Convention ${definition.parties.map((p) => p.shortName).join('–')}`;
}

/**
 * The events of one convention: its pending deadlines, and the next evaluation's due date that
 * the API computes before a deadline is planned for it.
 */
export function feedEntries(convention: FeedConvention): FeedEntry[] {
  const zone = convention.definition.timeZone;
  const entries = convention.deadlines
    .filter((d) => KINDS.has(d.kind))
    .map((d) => {
      const kind = d.kind as DeadlineKind;
      const date = FIRES_DAY_AFTER.has(kind) ? addDays(d.dueOn, -1, zone) : d.dueOn;
      return entry(convention, kind, d.subject, date);
    });
  const next = convention.view.nextEvaluationDueOn;
  if (next && convention.view.status !== 'TERMINATED' && !entries.some((e) => e.kind === 'EVALUATION_DUE')) {
    entries.push(entry(convention, 'EVALUATION_DUE', null, next));
  }
  return entries;
}

function entry(
  convention: FeedConvention,
  kind: DeadlineKind,
  subject: string | null,
  date: IsoDate,
): FeedEntry {
  const name = conventionName(convention.definition);
  const commitment = subject === null ? undefined : convention.commitments.get(subject);
  const lines = [convention.view.title, `Date : ${frenchDate(date)}`];
  if (commitment) lines.push(`${commitment.article} — ${commitment.title}`);
  return {
    uid: entryUid(convention.id, kind, subject),
    conventionId: convention.id,
    kind,
    date,
    summary: `${what(convention, kind, commitment)} — ${name}${aside(convention, kind, date)}`,
    description: lines.join('\n'),
    alarmDaysBefore: kind === 'NOTICE_DEADLINE' ? NOTICE_ALARM_DAYS : [],
    sequence: convention.version,
  };
}

function what(
  convention: FeedConvention,
  kind: DeadlineKind,
  commitment: { title: string; committee: string | null } | undefined,
): string {
  const title = commitment?.title ?? 'engagement';
  switch (kind) {
    case 'NOTICE_DEADLINE':
      return 'Dernier jour pour donner préavis';
    case 'TERM_END':
      return convention.view.rules.renewal.kind === 'none'
        ? 'Fin de la convention'
        : `Fin de la période ${convention.view.term?.number ?? ''}`.trimEnd();
    case 'TERMINATION':
      return convention.view.notice ? 'Fin de la convention (préavis donné)' : 'Fin de la convention';
    case 'EFFECTIVE_DATE':
      return 'Entrée en vigueur';
    case 'AMENDMENT_EFFECTIVE':
      return 'Entrée en vigueur d’un avenant';
    case 'COMMITMENT_DUE':
      return commitment?.committee ? `Fin de la période du comité : ${title}` : `Échéance : ${title}`;
    case 'EVALUATION_DUE':
      return 'Date limite de l’évaluation';
    case 'EVALUATION_PERIOD':
      return 'Ouverture de la période d’évaluation';
    case 'CURE_PERIOD_END':
      return `Fin du délai pour remédier : ${title}`;
    case 'SUSPENSION_LIMIT':
      return 'Fin de la durée maximale de suspension';
    case 'SURVIVAL_END':
      return `Fin des effets après la convention : ${title}`;
  }
}

/** What happens if nobody acts, for the dates where that is the point. */
function aside(convention: FeedConvention, kind: DeadlineKind, date: IsoDate): string {
  const zone = convention.definition.timeZone;
  const endsOn = convention.view.term?.endsOn;
  if (kind === 'NOTICE_DEADLINE' && endsOn && convention.view.rules.renewal.kind === 'tacit') {
    return ` (sans action, renouvelée tacitement le ${frenchDate(addDays(endsOn, 1, zone))})`;
  }
  if (kind === 'TERM_END' && convention.view.rules.renewal.kind === 'tacit' && !convention.view.notice) {
    return ` (renouvelée tacitement le ${frenchDate(addDays(date, 1, zone))} sauf préavis)`;
  }
  return '';
}
