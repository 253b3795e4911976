import { registerEnumType } from '@nestjs/graphql';

export enum ConventionStatus {
  DRAFT = 'DRAFT',
  SIGNED = 'SIGNED',
  ACTIVE = 'ACTIVE',
  EVALUATED = 'EVALUATED',
  RENEWED = 'RENEWED',
  SUSPENDED = 'SUSPENDED',
  TERMINATED = 'TERMINATED',
}

export enum CommitmentStatus {
  SCHEDULED = 'SCHEDULED',
  IN_EFFECT = 'IN_EFFECT',
  FULFILLED = 'FULFILLED',
  VIOLATED = 'VIOLATED',
  WAIVED = 'WAIVED',
  TERMINATED = 'TERMINATED',
}

export enum OccurrenceStatus {
  IN_EFFECT = 'IN_EFFECT',
  FULFILLED = 'FULFILLED',
  VIOLATED = 'VIOLATED',
  TERMINATED = 'TERMINATED',
}

export enum CommitmentShape {
  ONE_OFF = 'one-off',
  RECURRING = 'recurring',
  STANDING = 'standing',
}

export enum ConventionAction {
  SIGN = 'SIGN',
  SUBMIT_EVALUATION = 'SUBMIT_EVALUATION',
  GIVE_NOTICE = 'GIVE_NOTICE',
  PROPOSE_AMENDMENT = 'PROPOSE_AMENDMENT',
  PROPOSE_RENEWAL = 'PROPOSE_RENEWAL',
  SIGN_AMENDMENT = 'SIGN_AMENDMENT',
  WITHDRAW_AMENDMENT = 'WITHDRAW_AMENDMENT',
  RECORD_MEETING = 'RECORD_MEETING',
  SUSPEND = 'SUSPEND',
  RESUME = 'RESUME',
}

export enum CommitmentAction {
  MARK_DONE = 'MARK_DONE',
  REOPEN = 'REOPEN',
  SERVE_FORMAL_NOTICE = 'SERVE_FORMAL_NOTICE',
}

export enum AmendmentKind {
  CHANGE = 'CHANGE',
  RENEWAL = 'RENEWAL',
}

export enum AmendmentStatus {
  PROPOSED = 'PROPOSED',
  SIGNED = 'SIGNED',
  APPLIED = 'APPLIED',
  WITHDRAWN = 'WITHDRAWN',
  LAPSED = 'LAPSED',
}

export enum FormalNoticeStatus {
  OPEN = 'OPEN',
  CURED = 'CURED',
  UNCURED = 'UNCURED',
}

export enum Role {
  REPRESENTATIVE = 'representative',
  AUDITOR = 'auditor',
  ADMIN = 'admin',
  SYSTEM = 'system',
}

export enum AssessmentRating {
  EXCEEDED = 'EXCEEDED',
  MET = 'MET',
  PARTIALLY_MET = 'PARTIALLY_MET',
  NOT_MET = 'NOT_MET',
}

export enum TerminationCause {
  NOTICE = 'NOTICE',
  EXPIRY = 'EXPIRY',
  EVALUATION = 'EVALUATION',
  COMPLETION = 'COMPLETION',
  BREACH = 'BREACH',
  FORCE_MAJEURE = 'FORCE_MAJEURE',
}

export enum Visibility {
  PARTIES = 'PARTIES',
  PUBLIC = 'PUBLIC',
}

registerEnumType(Visibility, {
  name: 'Visibility',
  description: 'Who may read the conventions of a definition (acting is for their parties either way).',
  valuesMap: {
    PARTIES: { description: 'Representatives of their parties, auditors and admins.' },
    PUBLIC: { description: 'Every representative, auditors and admins.' },
  },
});
registerEnumType(ConventionStatus, { name: 'ConventionStatus' });
registerEnumType(CommitmentStatus, { name: 'CommitmentStatus' });
registerEnumType(OccurrenceStatus, { name: 'OccurrenceStatus' });
registerEnumType(CommitmentShape, {
  name: 'CommitmentShape',
  valuesMap: {
    ONE_OFF: { description: 'Done once, possibly by a due date.' },
    RECURRING: { description: 'One occurrence per period, each fulfilled or missed on its own.' },
    STANDING: { description: 'Fulfilled once and stays fulfilled.' },
  },
});
registerEnumType(ConventionAction, { name: 'ConventionAction' });
registerEnumType(CommitmentAction, { name: 'CommitmentAction' });
registerEnumType(Role, { name: 'Role' });
registerEnumType(AssessmentRating, { name: 'AssessmentRating' });
registerEnumType(TerminationCause, { name: 'TerminationCause' });
registerEnumType(AmendmentKind, { name: 'AmendmentKind' });
registerEnumType(AmendmentStatus, { name: 'AmendmentStatus' });
registerEnumType(FormalNoticeStatus, { name: 'FormalNoticeStatus' });
