import { ReminderKind } from '../machines/reminders';
import { Language } from './contact';
import { NoticeFacts, NoticeKind } from './notices';
import { withWrittenDates } from './written-date';

/** Facts of a reminder: the date reminded of and how far ahead. */
export interface ReminderFacts {
  title: string;
  targetOn: string;
  daysBefore: number;
  commitment?: string;
  renewsOn?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Lines = (f: NoticeFacts) => [string, ...string[]];
type ReminderLines = (f: ReminderFacts) => [string, ...string[]];

const FR: Record<NoticeKind, Lines> = {
  SIGNATURE_GIVEN: (f) => [
    `Signature de ${f.party ?? 'une partie'}`,
    `${f.party ?? 'Une partie'} a signé la convention « ${f.title} ».`,
    ...(f.inForceOn
      ? [`Toutes les signatures sont réunies : la convention est en vigueur le ${f.inForceOn}.`]
      : []),
  ],
  COMMITMENT_CONFIRMED: (f) => [
    `Engagement réalisé : ${f.commitment ?? ''}`,
    `${f.party ?? 'Une partie'} indique avoir réalisé l’engagement « ${f.commitment ?? ''} ».`,
    ...(f.note ? [`Note : ${f.note}`] : []),
    ...(f.evidenceUrl ? [`Justificatif : ${f.evidenceUrl}`] : []),
  ],
  NOTICE_GIVEN: (f) => [
    `Résiliation notifiée par ${f.party ?? 'une partie'}`,
    `${f.party ?? 'Une partie'} a notifié la résiliation de la convention « ${f.title} ».`,
    `La résiliation prendra effet le ${f.effectiveOn ?? '?'}.`,
    ...(f.reason ? [`Motif : ${f.reason}`] : []),
  ],
  AMENDMENT_PROPOSED: (f) => [
    'Avenant proposé',
    `${f.party ?? 'Une partie'} propose un avenant : ${f.summary ?? ''}`,
  ],
  AMENDMENT_SIGNED: (f) => [
    'Avenant signé',
    `${f.party ?? 'Une partie'} a signé l’avenant : ${f.summary ?? ''}`,
  ],
  AMENDMENT_TOOK_EFFECT: (f) => [
    'Avenant appliqué',
    `L’avenant « ${f.summary ?? ''} » s’applique désormais.`,
  ],
  FORMAL_NOTICE_SERVED: (f) => [
    'Mise en demeure',
    `${f.party ?? 'Une partie'} a adressé une mise en demeure sur l’engagement « ${f.commitment ?? ''} ».`,
    ...(f.reason ? [`Motif : ${f.reason}`] : []),
  ],
  CONVENTION_SUSPENDED: (f) => [
    'Convention suspendue',
    `${f.party ?? 'Une partie'} a suspendu la convention (force majeure).`,
    ...(f.reason ? [`Motif : ${f.reason}`] : []),
  ],
  CONVENTION_RENEWED: (f) => [
    'Convention renouvelée',
    `La convention est renouvelée pour une période ${f.termNumber ? `(n° ${f.termNumber})` : ''}.`.replace(
      ' .',
      '.',
    ),
  ],
  CONVENTION_TERMINATED: (f) => [
    'Convention terminée',
    `La convention a pris fin le ${f.effectiveOn ?? '?'} (${f.cause ?? ''}).`,
  ],
};

const EN: Record<NoticeKind, Lines> = {
  SIGNATURE_GIVEN: (f) => [
    `Signed by ${f.party ?? 'a party'}`,
    `${f.party ?? 'A party'} signed the convention "${f.title}".`,
    ...(f.inForceOn ? [`Every signature is in: the convention is in force on ${f.inForceOn}.`] : []),
  ],
  COMMITMENT_CONFIRMED: (f) => [
    `Commitment done: ${f.commitment ?? ''}`,
    `${f.party ?? 'A party'} marked the commitment "${f.commitment ?? ''}" done.`,
    ...(f.note ? [`Note: ${f.note}`] : []),
    ...(f.evidenceUrl ? [`Evidence: ${f.evidenceUrl}`] : []),
  ],
  NOTICE_GIVEN: (f) => [
    `Notice of termination from ${f.party ?? 'a party'}`,
    `${f.party ?? 'A party'} gave notice of termination of "${f.title}".`,
    `It takes effect on ${f.effectiveOn ?? '?'}.`,
    ...(f.reason ? [`Reason: ${f.reason}`] : []),
  ],
  AMENDMENT_PROPOSED: (f) => [
    'Amendment proposed',
    `${f.party ?? 'A party'} proposes an amendment: ${f.summary ?? ''}`,
  ],
  AMENDMENT_SIGNED: (f) => [
    'Amendment signed',
    `${f.party ?? 'A party'} signed the amendment: ${f.summary ?? ''}`,
  ],
  AMENDMENT_TOOK_EFFECT: (f) => ['Amendment applied', `The amendment "${f.summary ?? ''}" now applies.`],
  FORMAL_NOTICE_SERVED: (f) => [
    'Formal notice served',
    `${f.party ?? 'A party'} served a formal notice on the commitment "${f.commitment ?? ''}".`,
    ...(f.reason ? [`Reason: ${f.reason}`] : []),
  ],
  CONVENTION_SUSPENDED: (f) => [
    'Convention suspended',
    `${f.party ?? 'A party'} suspended the convention (force majeure).`,
    ...(f.reason ? [`Reason: ${f.reason}`] : []),
  ],
  CONVENTION_RENEWED: (f) => [
    'Convention renewed',
    `The convention is renewed for term ${f.termNumber ?? ''}.`,
  ],
  CONVENTION_TERMINATED: (f) => [
    'Convention ended',
    `The convention ended on ${f.effectiveOn ?? '?'} (${f.cause ?? ''}).`,
  ],
};

const when = (days: number, fr: boolean) =>
  days === 0 ? (fr ? 'aujourd’hui' : 'today') : fr ? `dans ${days} jours` : `in ${days} days`;

const FR_REMINDERS: Record<ReminderKind, ReminderLines> = {
  NOTICE_DEADLINE: (f) => [
    `Préavis : dernier jour le ${f.targetOn}`,
    `Le dernier jour pour notifier la résiliation de « ${f.title} » est le ${f.targetOn} (${when(f.daysBefore, true)}).`,
    `Sans action de votre part, la convention sera renouvelée le ${f.renewsOn ?? '?'}.`,
  ],
  COMMITMENT_DUE: (f) => [
    `Échéance le ${f.targetOn} : ${f.commitment ?? ''}`,
    `L’engagement « ${f.commitment ?? ''} » est dû le ${f.targetOn} (${when(f.daysBefore, true)}).`,
  ],
  EVALUATION_DUE: (f) => [
    `Évaluation attendue le ${f.targetOn}`,
    `L’évaluation de « ${f.title} » est attendue le ${f.targetOn} (${when(f.daysBefore, true)}).`,
  ],
  COMMITTEE_MEETING: (f) => [
    `Comité à réunir avant le ${f.targetOn}`,
    `Aucune réunion n’est enregistrée pour « ${f.commitment ?? ''} » ; la période se termine le ${f.targetOn}.`,
  ],
};

const EN_REMINDERS: Record<ReminderKind, ReminderLines> = {
  NOTICE_DEADLINE: (f) => [
    `Notice: last day ${f.targetOn}`,
    `The last day to give notice of termination of "${f.title}" is ${f.targetOn} (${when(f.daysBefore, false)}).`,
    `If nobody acts, the convention renews on ${f.renewsOn ?? '?'}.`,
  ],
  COMMITMENT_DUE: (f) => [
    `Due ${f.targetOn}: ${f.commitment ?? ''}`,
    `The commitment "${f.commitment ?? ''}" is due on ${f.targetOn} (${when(f.daysBefore, false)}).`,
  ],
  EVALUATION_DUE: (f) => [
    `Evaluation due ${f.targetOn}`,
    `The evaluation of "${f.title}" is due on ${f.targetOn} (${when(f.daysBefore, false)}).`,
  ],
  COMMITTEE_MEETING: (f) => [
    `Committee to meet before ${f.targetOn}`,
    `No meeting is recorded for "${f.commitment ?? ''}"; its period ends on ${f.targetOn}.`,
  ],
};

/** Fields of the facts that are calendar days, written for the reader (« le 24 mars 2011 »). */
const DATE_FIELDS = ['inForceOn', 'effectiveOn', 'targetOn', 'renewsOn'];

export function renderNotice(
  kind: NoticeKind,
  language: Language,
  facts: NoticeFacts,
  link: string | null,
): RenderedMail {
  const written = withWrittenDates(facts, language, DATE_FIELDS);
  return mail((language === 'en' ? EN : FR)[kind](written), facts.title, language, link);
}

export function renderReminder(
  kind: ReminderKind,
  language: Language,
  facts: ReminderFacts,
  link: string | null,
): RenderedMail {
  const written = withWrittenDates(facts, language, DATE_FIELDS);
  return mail((language === 'en' ? EN_REMINDERS : FR_REMINDERS)[kind](written), facts.title, language, link);
}

function mail(
  [headline, ...body]: [string, ...string[]],
  title: string,
  language: Language,
  link: string | null,
): RenderedMail {
  const open = language === 'en' ? 'Open the convention' : 'Ouvrir la convention';
  const lines = [
    ...body,
    ...(link ? ['', `${open} : ${link}`.replace(' :', language === 'en' ? ':' : ' :')] : []),
  ];
  const html =
    `<p>${body.map(escapeHtml).join('</p><p>')}</p>` +
    (link ? `<p><a href="${escapeHtml(link)}">${open}</a></p>` : '');
  return { subject: `[${title}] ${headline}`, text: `${lines.join('\n')}\n`, html };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
