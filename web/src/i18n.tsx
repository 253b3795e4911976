import { createContext, useContext } from 'react';

export type Lang = 'fr' | 'en';

const fr = {
  appName: 'Conventio',
  tagline: 'Conventions de partenariat',
  signIn: 'Se connecter',
  signInTitle: 'Connexion',
  signInHint:
    'Le jeton vous a été remis par l’administrateur ; il n’est conservé ni dans le navigateur ni dans la page.',
  token: 'Jeton d’accès',
  signInFailed: 'Ce jeton n’est pas reconnu ou a été révoqué.',
  sessionEnded: 'Votre session a pris fin : reconnectez-vous.',
  signOut: 'Se déconnecter',
  language: 'English',
  home: 'Accueil',
  myCommitments: 'Mes engagements',
  overdue: 'En retard',
  dueSoon: 'À échéance dans les 30 jours',
  later: 'Plus tard',
  fulfilled: 'Réalisés',
  none: 'Aucun.',
  convention: 'Convention',
  conventions: 'Conventions',
  allConventions: 'Toutes les conventions',
  commitment: 'Engagement',
  commitments: 'Engagements',
  dueOn: 'Échéance',
  occurrence: 'Occurrence',
  status: 'Statut',
  owners: 'Parties tenues',
  waitingFor: 'Reste à confirmer',
  evidence: 'Justificatif',
  comingDeadlines: 'Échéances à venir',
  daysLeft: 'jours restants',
  noticeDeadline: 'Date limite de préavis',
  ifNothing: 'Sans préavis : renouvelée tacitement le',
  parties: 'Parties et signataires',
  signedOn: 'signé le',
  notSigned: 'pas encore signé',
  term: 'Période en cours',
  effectiveOn: 'Entrée en vigueur',
  terminationOn: 'Fin de la convention',
  amendments: 'Avenants',
  evaluations: 'Évaluations',
  meetings: 'Réunions',
  diagram: 'Cycle de vie',
  currentState: 'État actuel',
  actions: 'Actions',
  sign: 'Signer la convention',
  markDone: 'Marquer comme réalisé',
  reopen: 'Rouvrir',
  giveNotice: 'Donner préavis',
  preview: 'Voir la date de fin',
  noticePreviewTitle: 'Effet du préavis',
  noticeTakesEffect: 'Si vous confirmez, la convention prendra fin le',
  confirm: 'Confirmer',
  cancel: 'Annuler',
  reason: 'Motif',
  note: 'Note',
  evidenceUrl: 'Lien vers le justificatif',
  submitEvaluation: 'Soumettre l’évaluation',
  recordMeeting: 'Enregistrer une réunion',
  committee: 'Comité',
  heldOn: 'Date de la réunion',
  decisions: 'Décisions (une par ligne)',
  minutesUrl: 'Lien vers le compte rendu',
  proposeAmendment: 'Proposer un avenant',
  proposeRenewal: 'Proposer un renouvellement',
  summary: 'Résumé',
  waiveCommitment: 'Engagement à lever',
  signAmendment: 'Signer l’avenant',
  withdrawAmendment: 'Retirer l’avenant',
  formalNotice: 'Mettre en demeure',
  reportBreach: 'Signaler un manquement',
  breachDescription: 'Manquement constaté',
  suspend: 'Suspendre',
  resume: 'Reprendre',
  terminate: 'Résilier',
  refused: 'Action refusée',
  done: 'Enregistré.',
  audit: 'Audit',
  timeline: 'Historique',
  version: 'Version',
  kind: 'Événement',
  actor: 'Auteur',
  localTime: 'Heure locale',
  utc: 'Instant UTC',
  payload: 'Contenu',
  hash: 'Empreinte',
  prevHash: 'Empreinte précédente',
  copy: 'Copier',
  verify: 'Vérifier',
  verifyValid: 'Historique intact',
  verifyInvalid: 'Historique altéré à partir de la version',
  events: 'événements',
  atDate: 'La convention à une date',
  date: 'Date',
  show: 'Afficher',
  asOf: 'État à la version',
  export: 'Exporter l’historique',
  checkpoint: 'Dernier point de contrôle signé',
  keyFingerprint: 'Empreinte de la clé',
  offlineCommand: 'Vérification hors ligne',
  admin: 'Administration',
  createConvention: 'Créer une convention',
  definition: 'Modèle',
  title: 'Titre',
  create: 'Créer',
  created: 'Convention créée',
  loading: 'Chargement…',
  notFound: 'Page introuvable.',
  criteria: 'Critères',
  rating: 'Appréciation',
  open: 'Ouvrir',
  party: 'Partie',
  checkpointSize: 'Événements couverts',
  signatory: 'Signataire',
  signature: 'Signature',
  nextPage: 'Engagements suivants',
  firstPage: 'Premiers engagements',
} as const;

export type MessageKey = keyof typeof fr;

const en: Record<MessageKey, string> = {
  appName: 'Conventio',
  tagline: 'Partnership conventions',
  signIn: 'Sign in',
  signInTitle: 'Sign in',
  signInHint: 'Your administrator gave you this token; it is kept neither in the browser nor in the page.',
  token: 'Access token',
  signInFailed: 'This token is unknown or was revoked.',
  sessionEnded: 'Your session ended: please sign in again.',
  signOut: 'Sign out',
  language: 'Français',
  home: 'Home',
  myCommitments: 'My commitments',
  overdue: 'Overdue',
  dueSoon: 'Due within 30 days',
  later: 'Later',
  fulfilled: 'Fulfilled',
  none: 'None.',
  convention: 'Convention',
  conventions: 'Conventions',
  allConventions: 'All conventions',
  commitment: 'Commitment',
  commitments: 'Commitments',
  dueOn: 'Due',
  occurrence: 'Occurrence',
  status: 'Status',
  owners: 'Owners',
  waitingFor: 'Still to confirm',
  evidence: 'Evidence',
  comingDeadlines: 'Coming deadlines',
  daysLeft: 'days left',
  noticeDeadline: 'Notice deadline',
  ifNothing: 'Without notice: tacitly renewed on',
  parties: 'Parties and signatories',
  signedOn: 'signed on',
  notSigned: 'not signed yet',
  term: 'Current term',
  effectiveOn: 'Effective on',
  terminationOn: 'Ends on',
  amendments: 'Amendments',
  evaluations: 'Evaluations',
  meetings: 'Meetings',
  diagram: 'Lifecycle',
  currentState: 'Current state',
  actions: 'Actions',
  sign: 'Sign the convention',
  markDone: 'Mark as done',
  reopen: 'Reopen',
  giveNotice: 'Give notice',
  preview: 'See the end date',
  noticePreviewTitle: 'Effect of the notice',
  noticeTakesEffect: 'If you confirm, the convention ends on',
  confirm: 'Confirm',
  cancel: 'Cancel',
  reason: 'Reason',
  note: 'Note',
  evidenceUrl: 'Evidence link',
  submitEvaluation: 'Submit the evaluation',
  recordMeeting: 'Record a meeting',
  committee: 'Committee',
  heldOn: 'Meeting date',
  decisions: 'Decisions (one a line)',
  minutesUrl: 'Minutes link',
  proposeAmendment: 'Propose an amendment',
  proposeRenewal: 'Propose a renewal',
  summary: 'Summary',
  waiveCommitment: 'Commitment to waive',
  signAmendment: 'Sign the amendment',
  withdrawAmendment: 'Withdraw the amendment',
  formalNotice: 'Serve formal notice',
  reportBreach: 'Report a breach',
  breachDescription: 'Breach observed',
  suspend: 'Suspend',
  resume: 'Resume',
  terminate: 'Terminate',
  refused: 'Action refused',
  done: 'Recorded.',
  audit: 'Audit',
  timeline: 'Timeline',
  version: 'Version',
  kind: 'Event',
  actor: 'Actor',
  localTime: 'Local time',
  utc: 'UTC instant',
  payload: 'Payload',
  hash: 'Hash',
  prevHash: 'Previous hash',
  copy: 'Copy',
  verify: 'Verify',
  verifyValid: 'History intact',
  verifyInvalid: 'History altered from version',
  events: 'events',
  atDate: 'The convention at a date',
  date: 'Date',
  show: 'Show',
  asOf: 'State at version',
  export: 'Export the history',
  checkpoint: 'Latest signed checkpoint',
  keyFingerprint: 'Key fingerprint',
  offlineCommand: 'Offline verification',
  admin: 'Administration',
  createConvention: 'Create a convention',
  definition: 'Definition',
  title: 'Title',
  create: 'Create',
  created: 'Convention created',
  loading: 'Loading…',
  notFound: 'Page not found.',
  criteria: 'Criteria',
  rating: 'Rating',
  open: 'Open',
  party: 'Party',
  checkpointSize: 'Events covered',
  signatory: 'Signatory',
  signature: 'Signature',
  nextPage: 'Next commitments',
  firstPage: 'First commitments',
};

const messages: Record<Lang, Record<MessageKey, string>> = { fr, en };

export interface I18n {
  lang: Lang;
  t(key: MessageKey): string;
  setLang(lang: Lang): void;
}

export const I18nContext = createContext<I18n>({ lang: 'fr', t: (key) => fr[key], setLang: () => undefined });

export function makeI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  return { lang, setLang, t: (key) => messages[lang][key] };
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

const locales: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

/** A calendar day (YYYY-MM-DD) as its readers write it: « 24 mars 2011 ». */
export function formatDay(lang: Lang, day: string | null | undefined): string {
  if (!day) return '—';
  // A calendar day has no time zone: read and written at noon UTC so no zone moves it.
  return new Intl.DateTimeFormat(locales[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day.slice(0, 10)}T12:00:00Z`),
  );
}

/**
 * The last day a convention is in force when its termination takes effect on `day` (the first day
 * it no longer is): what a reader means by « elle prend fin le … ».
 */
export function lastDayInForce(day: string | null | undefined): string | null {
  if (!day) return null;
  const date = new Date(`${day.slice(0, 10)}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** An instant in the convention's time zone: « 24 mars 2011 à 10:15 ». */
export function formatInstant(lang: Lang, instant: string | null | undefined, timeZone: string): string {
  if (!instant) return '—';
  return new Intl.DateTimeFormat(locales[lang], { dateStyle: 'long', timeStyle: 'short', timeZone }).format(
    new Date(instant),
  );
}

const statusLabels: Record<Lang, Record<string, string>> = {
  fr: {
    DRAFT: 'Brouillon',
    SIGNED: 'Signée',
    ACTIVE: 'En vigueur',
    SUSPENDED: 'Suspendue',
    EVALUATED: 'Évaluée',
    RENEWED: 'Renouvelée',
    TERMINATED: 'Terminée',
    SCHEDULED: 'À venir',
    IN_EFFECT: 'En cours',
    FULFILLED: 'Réalisé',
    VIOLATED: 'Manqué',
    NOT_OWED: 'Non dû',
    WAIVED: 'Levé',
    PROPOSED: 'Proposé',
    APPLIED: 'Appliqué',
    WITHDRAWN: 'Retiré',
    LAPSED: 'Caduc',
  },
  en: {
    DRAFT: 'Draft',
    SIGNED: 'Signed',
    ACTIVE: 'In force',
    SUSPENDED: 'Suspended',
    EVALUATED: 'Evaluated',
    RENEWED: 'Renewed',
    TERMINATED: 'Terminated',
    SCHEDULED: 'Scheduled',
    IN_EFFECT: 'In effect',
    FULFILLED: 'Fulfilled',
    VIOLATED: 'Missed',
    NOT_OWED: 'Not owed',
    WAIVED: 'Waived',
    PROPOSED: 'Proposed',
    APPLIED: 'Applied',
    WITHDRAWN: 'Withdrawn',
    LAPSED: 'Lapsed',
  },
};

export function statusLabel(lang: Lang, status: string): string {
  return statusLabels[lang][status] ?? status;
}
