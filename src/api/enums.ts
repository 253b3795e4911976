import { registerEnumType } from '@nestjs/graphql';

export enum ConventionStatus {
  DRAFT = 'DRAFT',
  SIGNED = 'SIGNED',
  ACTIVE = 'ACTIVE',
  EVALUATED = 'EVALUATED',
  RENEWED = 'RENEWED',
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
}

export enum CommitmentAction {
  MARK_DONE = 'MARK_DONE',
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
}

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
