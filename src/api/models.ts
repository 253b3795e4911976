import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import {
  AssessmentRating,
  CommitmentShape,
  AmendmentKind,
  AmendmentStatus,
  CommitmentStatus,
  ConventionStatus,
  FormalNoticeStatus,
  OccurrenceStatus,
  Role,
  TerminationCause,
  Visibility,
} from './enums';

@ObjectType({ description: 'An institution that is party to conventions.' })
export class Party {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() shortName!: string;
}

@ObjectType({ description: 'The bearer of the token used for this request.' })
export class Viewer {
  @Field(() => ID, { description: 'Token id.' }) id!: string;
  @Field() name!: string;
  @Field(() => Role) role!: Role;
  @Field(() => Party, { nullable: true, description: 'The party a representative acts for.' })
  party!: Party | null;
}

@ObjectType()
export class Signatory {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field(() => ID) partyId!: string;
}

@ObjectType()
export class WorkflowParty extends Party {
  @Field(() => [Signatory]) signatories!: Signatory[];
}

@ObjectType({ description: 'Term of a definition: fixed with an ISO-8601 duration, or open-ended.' })
export class TermRule {
  @Field() kind!: string;
  @Field(() => String, { nullable: true }) duration!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType()
export class RenewalRule {
  @Field({ description: 'tacit, amendment or none.' }) kind!: string;
  @Field(() => String, { nullable: true, description: 'Length of a renewed term.' }) term!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType()
export class NoticeRule {
  @Field({ description: 'period, anniversary or none.' }) kind!: string;
  @Field(() => String, { nullable: true }) period!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType()
export class Criterion {
  @Field(() => ID) id!: string;
  @Field() label!: string;
}

@ObjectType()
export class EvaluationRule {
  @Field({ description: 'ISO-8601 duration, or "term" for one evaluation due before the term ends.' })
  cadence!: string;
  @Field(() => [ID]) parties!: string[];
  @Field(() => [Criterion]) criteria!: Criterion[];
  @Field({ description: 'What follows a complete evaluation: continue, renew or terminate.' }) then!: string;
}

@ObjectType()
export class Committee {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() cadence!: string;
  @Field(() => Int) atLeast!: number;
  @Field(() => [ID]) parties!: string[];
  @Field() mission!: string;
}

@ObjectType()
export class CommitmentDefinition {
  @Field(() => ID) key!: string;
  @Field() article!: string;
  @Field() title!: string;
  @Field() text!: string;
  @Field(() => [ID]) owners!: string[];
  @Field(() => CommitmentShape) shape!: CommitmentShape;
  @Field(() => String, { nullable: true }) due!: string | null;
  @Field(() => String, { nullable: true }) every!: string | null;
  @Field(() => Int, { nullable: true }) atLeast!: number | null;
  @Field(() => String, { nullable: true }) committee!: string | null;
}

@ObjectType({ description: 'A convention definition from workflows/, at one version.' })
export class Workflow {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field() title!: string;
  @Field(() => Visibility) visibility!: Visibility;
  @Field() sourceDocument!: string;
  @Field(() => String, { nullable: true }) sourceSignedOn!: string | null;
  @Field() timeZone!: string;
  @Field(() => [WorkflowParty]) parties!: WorkflowParty[];
  @Field(() => TermRule) term!: TermRule;
  @Field(() => RenewalRule) renewal!: RenewalRule;
  @Field(() => NoticeRule) notice!: NoticeRule;
  @Field(() => EvaluationRule, { nullable: true }) evaluation!: EvaluationRule | null;
  @Field(() => [Committee]) committees!: Committee[];
  @Field(() => [CommitmentDefinition]) commitments!: CommitmentDefinition[];
}

@ObjectType()
export class Term {
  @Field(() => Int) number!: number;
  @Field() startsOn!: string;
  @Field(() => String, { nullable: true, description: 'Last day of the term; null when open-ended.' })
  endsOn!: string | null;
}

@ObjectType()
export class Signature {
  @Field(() => ID) signatoryId!: string;
  @Field() title!: string;
  @Field(() => ID) partyId!: string;
  @Field(() => String, { nullable: true }) signedAt!: string | null;
  @Field(() => String, { nullable: true, description: 'Name on the token that signed.' })
  signedBy!: string | null;
}

@ObjectType()
export class Notice {
  @Field(() => ID) partyId!: string;
  @Field() givenAt!: string;
  @Field() givenOn!: string;
  @Field({ description: 'The convention terminates at the start of this day.' }) effectiveOn!: string;
  @Field() reason!: string;
}

@ObjectType()
export class Assessment {
  @Field() criterion!: string;
  @Field(() => AssessmentRating) rating!: AssessmentRating;
  @Field(() => String, { nullable: true }) comment!: string | null;
}

@ObjectType()
export class EvaluationSubmission {
  @Field(() => ID) partyId!: string;
  @Field() submittedAt!: string;
  @Field(() => [Assessment]) assessments!: Assessment[];
  @Field(() => String, { nullable: true }) summary!: string | null;
}

@ObjectType({ description: 'One evaluation round: each evaluating party submits its assessment.' })
export class Evaluation {
  @Field(() => Int) number!: number;
  @Field(() => Int) termNumber!: number;
  @Field() opensOn!: string;
  @Field(() => String, { nullable: true }) dueOn!: string | null;
  @Field(() => [EvaluationSubmission]) submissions!: EvaluationSubmission[];
  @Field(() => [ID], { description: 'Parties that have not submitted yet.' }) pendingParties!: string[];
  @Field(() => String, { nullable: true }) completedAt!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Day the due date was found passed with submissions missing.',
  })
  overdueSince!: string | null;
  @Field({ description: 'Incomplete and past its due date (by the server clock).' }) overdue!: boolean;
}

@ObjectType()
export class ConventionRules {
  @Field(() => TermRule) term!: TermRule;
  @Field(() => RenewalRule) renewal!: RenewalRule;
  @Field(() => NoticeRule) notice!: NoticeRule;
  @Field(() => EvaluationRule, { nullable: true }) evaluation!: EvaluationRule | null;
}

@ObjectType()
export class AmendmentSignature {
  @Field(() => ID) signatoryId!: string;
  @Field(() => ID) partyId!: string;
  @Field() signedAt!: string;
}

@ObjectType()
export class CommitmentLineage {
  @Field(() => ID) from!: string;
  @Field(() => ID) to!: string;
}

@ObjectType({ description: 'What an applied amendment did, commitment by commitment.' })
export class AmendmentDiff {
  @Field(() => [ID]) added!: string[];
  @Field(() => [CommitmentLineage]) changed!: CommitmentLineage[];
  @Field(() => [ID]) waived!: string[];
  @Field(() => [String], { description: 'Rules it changed: term, renewal, notice, evaluation.' })
  rules!: string[];
}

@ObjectType({
  description: 'An amendment (avenant): signed by every signatory, applied at its effective date.',
})
export class Amendment {
  @Field(() => ID) id!: string;
  @Field(() => AmendmentKind) kind!: AmendmentKind;
  @Field(() => AmendmentStatus) status!: AmendmentStatus;
  @Field() summary!: string;
  @Field(() => ID) proposedBy!: string;
  @Field() proposedAt!: string;
  @Field(() => String, { nullable: true, description: 'Null: effective once every signatory signed.' })
  effectiveOn!: string | null;
  @Field({ description: 'The proposed changes as canonical JSON.' }) changes!: string;
  @Field(() => [AmendmentSignature]) signatures!: AmendmentSignature[];
  @Field(() => [ID]) pendingSignatories!: string[];
  @Field(() => String, { nullable: true }) settledAt!: string | null;
  @Field(() => AmendmentDiff, { nullable: true }) diff!: AmendmentDiff | null;
}

@ObjectType()
export class Meeting {
  @Field() committee!: string;
  @Field() heldOn!: string;
  @Field(() => [ID]) attendingParties!: string[];
  @Field(() => String, { nullable: true }) minutesUrl!: string | null;
  @Field(() => [String]) decisions!: string[];
  @Field(() => ID) recordedBy!: string;
  @Field() recordedAt!: string;
  @Field(() => ID, { description: 'The recurring commitment it fulfilled.' }) commitmentKey!: string;
}

@ObjectType({ description: 'A formal notice (mise en demeure) on a commitment in breach.' })
export class FormalNotice {
  @Field(() => ID) commitmentKey!: string;
  @Field(() => ID) servedBy!: string;
  @Field() servedOn!: string;
  @Field() reason!: string;
  @Field({ description: 'Last day to cure; uncured, the convention terminates for breach.' }) cureBy!: string;
  @Field(() => FormalNoticeStatus) status!: FormalNoticeStatus;
}

@ObjectType()
export class Suspension {
  @Field(() => ID) partyId!: string;
  @Field() since!: string;
  @Field() reason!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The convention terminates if still suspended that day.',
  })
  limitOn!: string | null;
}

@ObjectType()
export class Termination {
  @Field() on!: string;
  @Field(() => TerminationCause) cause!: TerminationCause;
}

@ObjectType()
export class Confirmation {
  @Field(() => ID) partyId!: string;
  @Field() confirmedAt!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true }) evidenceUrl!: string | null;
}

@ObjectType({
  description: 'One fulfilment of a recurring commitment: the confirmations (or meeting) that made it.',
})
export class Fulfilment {
  @Field() at!: string;
  @Field(() => [Confirmation]) confirmations!: Confirmation[];
}

@ObjectType({ description: 'One period of a recurring commitment.' })
export class Occurrence {
  @Field(() => Int) index!: number;
  @Field() startsOn!: string;
  @Field() dueOn!: string;
  @Field(() => OccurrenceStatus) status!: OccurrenceStatus;
  @Field(() => Int, { description: 'Fulfilments recorded in this period.' }) fulfilmentCount!: number;
  @Field(() => [Fulfilment]) fulfilments!: Fulfilment[];
}

@ObjectType()
export class Commitment {
  @Field(() => ID, { description: '<conventionId>:<key>' }) id!: string;
  @Field(() => ID) conventionId!: string;
  @Field(() => ID, { description: 'The commitment id within its definition.' }) key!: string;
  @Field() article!: string;
  @Field() title!: string;
  @Field() text!: string;
  @Field(() => [ID]) owners!: string[];
  @Field(() => CommitmentShape) shape!: CommitmentShape;
  @Field(() => CommitmentStatus) status!: CommitmentStatus;
  @Field(() => String, { nullable: true }) startedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Due date, or end of the current occurrence.' })
  dueOn!: string | null;
  @Field(() => String, { nullable: true }) fulfilledAt!: string | null;
  @Field(() => [Confirmation], { description: 'Owners that confirmed the pending or last fulfilment.' })
  confirmations!: Confirmation[];
  @Field(() => [Occurrence]) occurrences!: Occurrence[];
  @Field({
    description:
      'In effect and past its due date (by the server clock); for a recurring commitment, also while its last period was missed and the current one is not fulfilled.',
  })
  overdue!: boolean;
  @Field({ description: 'Paused by a force-majeure suspension.' }) suspended!: boolean;
  @Field(() => String, { nullable: true, description: 'The committee whose meetings fulfil it.' })
  committee!: string | null;
  @Field(() => ID, { nullable: true, description: 'The previous version, replaced by an amendment.' })
  supersedes!: string | null;
  @Field(() => ID, { nullable: true, description: 'The version that replaced this one.' })
  supersededBy!: string | null;
  @Field(() => ID, { nullable: true, description: 'The amendment that added or changed it.' })
  amendmentId!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Last day it stays in effect after the convention ended.',
  })
  survivesUntil!: string | null;

  /** Recomputed for a past instant: nothing can be done on it. */
  historic?: boolean;
}

@ObjectType({ description: 'A running convention: a projection of its events.' })
export class Convention {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field(() => ID) workflowId!: string;
  @Field(() => Int) workflowVersion!: number;
  @Field(() => ConventionStatus) status!: string;
  @Field(() => Int, { description: 'Number of events in its history.' }) version!: number;
  @Field() createdAt!: string;
  @Field({ description: 'Time of its last event.' }) updatedAt!: string;
  @Field(() => String, { nullable: true }) effectiveOn!: string | null;
  @Field(() => Term, { nullable: true }) term!: Term | null;
  @Field(() => String, {
    nullable: true,
    description: 'Last day a party can give notice to prevent a tacit renewal of the current term.',
  })
  noticeDeadline!: string | null;
  @Field(() => String, { nullable: true }) terminationEffectiveOn!: string | null;
  @Field(() => Notice, { nullable: true }) notice!: Notice | null;
  @Field(() => [Signature]) signatures!: Signature[];
  @Field(() => Evaluation, { nullable: true }) evaluation!: Evaluation | null;
  @Field(() => String, { nullable: true, description: 'Due date of the evaluation owed now or next.' })
  nextEvaluationDueOn!: string | null;
  @Field(() => [Evaluation]) pastEvaluations!: Evaluation[];
  @Field(() => ConventionRules, { description: 'The rules in force, as amended.' }) rules!: ConventionRules;
  @Field(() => [Amendment]) amendments!: Amendment[];
  @Field(() => [Meeting]) meetings!: Meeting[];
  @Field(() => [FormalNotice]) formalNotices!: FormalNotice[];
  @Field(() => Suspension, { nullable: true }) suspension!: Suspension | null;
  @Field(() => Termination, { nullable: true }) termination!: Termination | null;
  @Field(() => [Party]) parties!: Party[];

  /** Persisted machine snapshot, for allowedActions (current conventions only). */
  snapshot!: string | null;
  /** Commitments recomputed with the convention (historic views); loaded otherwise. */
  embeddedCommitments!: Commitment[] | null;
}

@ObjectType()
export class EventActor {
  @Field(() => ID) userId!: string;
  @Field() name!: string;
  @Field(() => Role) role!: Role;
  @Field(() => ID, { nullable: true }) partyId!: string | null;
}

@ObjectType({ description: 'One accepted transition, as stored: append-only and hash-chained.' })
export class HistoryEvent {
  @Field(() => Int, { description: 'Global sequence number.' }) sequence!: number;
  @Field(() => Int, { description: 'Position in the global log (sequence − 1): the Merkle leaf index.' })
  logIndex!: number;
  @Field(() => Int, { description: 'Position in the convention stream, from 1.' }) version!: number;
  @Field() type!: string;
  @Field() occurredAt!: string;
  @Field(() => EventActor) actor!: EventActor;
  @Field({ description: 'Canonical JSON (RFC 8785), exactly as hashed.' }) payload!: string;
  @Field() definitionRef!: string;
  @Field(() => Int) machineVersion!: number;
  @Field(() => String, {
    nullable: true,
    description: 'The idempotency key the request carried, if any (part of the hashed event).',
  })
  idempotencyKey!: string | null;
  @Field() prevHash!: string;
  @Field() hash!: string;
}

@ObjectType()
export class HistoryVerification {
  @Field() valid!: boolean;
  @Field(() => Int) eventCount!: number;
  @Field(() => Int, { nullable: true }) firstBadVersion!: number | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class ConventionEdge {
  @Field() cursor!: string;
  @Field(() => Convention) node!: Convention;
}

@ObjectType()
export class ConventionConnection {
  @Field(() => [ConventionEdge]) edges!: ConventionEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType()
export class CommitmentEdge {
  @Field() cursor!: string;
  @Field(() => Commitment) node!: Commitment;
}

@ObjectType()
export class CommitmentConnection {
  @Field(() => [CommitmentEdge]) edges!: CommitmentEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType()
export class HistoryEdge {
  @Field() cursor!: string;
  @Field(() => HistoryEvent) node!: HistoryEvent;
}

@ObjectType()
export class HistoryConnection {
  @Field(() => [HistoryEdge]) edges!: HistoryEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType()
export class ConventionPayload {
  @Field(() => Convention) convention!: Convention;
}

@ObjectType()
export class CommitmentPayload {
  @Field(() => Commitment) commitment!: Commitment;
  @Field(() => Convention) convention!: Convention;
}

@ObjectType({ description: 'The convention as it stood at an instant, recomputed from its events.' })
export class ConventionAtInstant {
  @Field() at!: string;
  @Field(() => Int, { description: 'Number of events that had occurred by then.' }) version!: number;
  @Field(() => Convention) convention!: Convention;
}

@ObjectType({ description: 'A durable time trigger of a convention.' })
export class Deadline {
  @Field(() => ID) conventionId!: string;
  @Field({
    description: 'EFFECTIVE_DATE, COMMITMENT_DUE, NOTICE_DEADLINE, TERM_END, TERMINATION, EVALUATION_PERIOD.',
  })
  kind!: string;
  @Field(() => String, { nullable: true, description: 'The commitment concerned, if any.' }) subject!:
    string | null;
  @Field({
    description:
      'The day it fires: the day after the last day it closes (a notice deadline of 24 March fires on the 25th).',
  })
  dueOn!: string;
  @Field({ description: 'The instant it fires (start of `dueOn` in the convention’s time zone).' })
  dueAt!: string;
  @Field({ description: 'The event the scheduler sends when it falls due.' }) eventType!: string;
}

@ObjectType()
export class AdvanceClockPayload {
  @Field() now!: string;
  @Field(() => [Deadline], { description: 'Deadlines fired on the way, in the order they fired.' })
  fired!: Deadline[];
}

@ObjectType({ description: 'A signed commitment to the first `size` events of the log.' })
export class Checkpoint {
  @Field() origin!: string;
  @Field(() => Int) size!: number;
  @Field({ description: 'RFC 6962 Merkle root (hex) over the event hashes in log order.' }) root!: string;
  @Field() issuedAt!: string;
  @Field() keyId!: string;
  @Field({ description: 'Ed25519 signature (base64) over `signedText`.' }) signature!: string;
  @Field({ description: 'origin, size and base64 root, one per line: the bytes that are signed.' })
  signedText!: string;
  @Field({ description: 'The checkpoint as a file a party keeps (for the offline verifier).' }) file!: string;
}

@ObjectType()
export class CheckpointEdge {
  @Field() cursor!: string;
  @Field(() => Checkpoint) node!: Checkpoint;
}

@ObjectType()
export class CheckpointConnection {
  @Field(() => [CheckpointEdge]) edges!: CheckpointEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType({ description: "The public half of the server's checkpoint-signing key." })
export class AuditKey {
  @Field() algorithm!: string;
  @Field() keyId!: string;
  @Field() publicKeyPem!: string;
}

@ObjectType({ description: 'Proof that an event is leaf `logIndex` of a checkpoint (RFC 6962 audit path).' })
export class EventProof {
  @Field(() => Int) logIndex!: number;
  @Field({ description: 'The event hash (the leaf input).' }) leafHash!: string;
  @Field(() => Checkpoint) checkpoint!: Checkpoint;
  @Field(() => [String]) proof!: string[];
}

@ObjectType({ description: 'Proof that the log of size `fromSize` is a prefix of the log of size `toSize`.' })
export class ConsistencyProof {
  @Field(() => Int) fromSize!: number;
  @Field(() => Int) toSize!: number;
  @Field() fromRoot!: string;
  @Field() toRoot!: string;
  @Field(() => [String]) proof!: string[];
}
