import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { AssessmentRating, CommitmentShape, CommitmentStatus, ConventionStatus } from './enums';

/** What every mutation input accepts. */
@InputType({ isAbstract: true })
export abstract class MutationInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Any string of yours (a UUID, say) naming this request: a retry with the same key returns the first answer and changes nothing; the same key with a different input is a CONFLICT. Kept per token.',
  })
  idempotencyKey?: string | null;
}

@InputType()
export class CreateConventionInput extends MutationInput {
  @Field(() => ID, { description: 'Id of a definition in workflows/.' }) workflowId!: string;
  @Field(() => String, { nullable: true, description: 'Defaults to the definition title.' })
  title?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Effective date agreed in the text (YYYY-MM-DD); by default the date of the last signature.',
  })
  effectiveOn?: string | null;
}

@InputType()
export class SignConventionInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Needed only when your party signs through several signatories.',
  })
  signatoryId?: string | null;
}

@InputType()
export class MarkCommitmentDoneInput extends MutationInput {
  @Field(() => ID) commitmentId!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => String, { nullable: true, description: 'An http(s) link to the evidence.' })
  evidenceUrl?: string | null;
}

@InputType()
export class AssessmentInput {
  @Field({ description: 'A criterion id of the definition.' }) criterion!: string;
  @Field(() => AssessmentRating) rating!: AssessmentRating;
  @Field(() => String, { nullable: true }) comment?: string | null;
}

@InputType()
export class SubmitEvaluationInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field(() => [AssessmentInput], { description: 'One assessment per criterion of the definition.' })
  assessments!: AssessmentInput[];
  @Field(() => String, { nullable: true }) summary?: string | null;
}

@InputType()
export class GiveNoticeInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field() reason!: string;
}

@InputType()
export class ConventionFilter {
  @Field(() => ConventionStatus, { nullable: true }) status?: ConventionStatus | null;
  @Field(() => ID, { nullable: true }) partyId?: string | null;
  @Field(() => ID, { nullable: true }) workflowId?: string | null;
}

@InputType()
export class CommitmentFilter {
  @Field(() => ID, { nullable: true, description: 'Commitments owned (alone or jointly) by this party.' })
  partyId?: string | null;
  @Field(() => CommitmentStatus, { nullable: true }) status?: CommitmentStatus | null;
  @Field(() => String, { nullable: true, description: 'Due strictly before this date (YYYY-MM-DD).' })
  dueBefore?: string | null;
  @Field(() => ID, { nullable: true }) conventionId?: string | null;
}

export { DEFAULT_PAGE, MAX_PAGE } from './page-size';

@InputType()
export class AdvanceClockInput extends MutationInput {
  @Field({ description: 'ISO-8601 instant; never earlier than now.' }) to!: string;
}

@InputType({ description: 'A commitment as an amendment adds it (same fields as in workflows/).' })
export class CommitmentSpecInput {
  @Field(() => ID, { description: 'New key: lowercase letters, digits and dashes.' }) id!: string;
  @Field() article!: string;
  @Field() title!: string;
  @Field() text!: string;
  @Field(() => [ID]) owners!: string[];
  @Field(() => CommitmentShape) shape!: CommitmentShape;
  @Field(() => String, { nullable: true }) due?: string | null;
  @Field(() => String, { nullable: true, description: 'start (default) or end.' }) dueFrom?: string | null;
  @Field(() => String, { nullable: true }) every?: string | null;
  @Field(() => String, { nullable: true, description: 'MM-DD' }) dueEachYearOn?: string | null;
  @Field(() => Int, { nullable: true }) atLeast?: number | null;
  @Field(() => String, { nullable: true }) committee?: string | null;
  @Field(() => String, { nullable: true }) survives?: string | null;
}

@InputType({
  description: 'New wording or rules for an existing commitment; omitted fields keep their value.',
})
export class CommitmentChangeInput {
  @Field(() => ID, { description: 'Key of the current version.' }) id!: string;
  @Field(() => String, { nullable: true }) article?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) text?: string | null;
  @Field(() => [ID], { nullable: true }) owners?: string[] | null;
  @Field(() => String, { nullable: true }) due?: string | null;
  @Field(() => String, { nullable: true }) every?: string | null;
  @Field(() => Int, { nullable: true }) atLeast?: number | null;
}

@InputType()
export class TermRuleInput {
  @Field({ description: 'fixed, until or open-ended.' }) kind!: string;
  @Field(() => String, { nullable: true }) duration?: string | null;
  @Field(() => String, { nullable: true }) endsOn?: string | null;
}

@InputType()
export class RenewalRuleInput {
  @Field({ description: 'tacit, amendment or none.' }) kind!: string;
  @Field(() => String, { nullable: true }) term?: string | null;
}

@InputType()
export class NoticeRuleInput {
  @Field({ description: 'period, anniversary or none.' }) kind!: string;
  @Field(() => String, { nullable: true }) period?: string | null;
  @Field(() => String, { nullable: true }) window?: string | null;
}

@InputType()
export class AmendmentChangesInput {
  @Field(() => [CommitmentSpecInput], { nullable: true }) addCommitments?: CommitmentSpecInput[] | null;
  @Field(() => [CommitmentChangeInput], { nullable: true }) changeCommitments?:
    CommitmentChangeInput[] | null;
  @Field(() => [ID], { nullable: true }) waiveCommitments?: string[] | null;
  @Field(() => TermRuleInput, { nullable: true }) term?: TermRuleInput | null;
  @Field(() => RenewalRuleInput, { nullable: true }) renewal?: RenewalRuleInput | null;
  @Field(() => NoticeRuleInput, { nullable: true }) notice?: NoticeRuleInput | null;
  @Field(() => String, { nullable: true, description: 'New evaluation cadence (ISO duration or "term").' })
  evaluationCadence?: string | null;
}

@InputType()
export class ProposeAmendmentInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field() summary!: string;
  @Field(() => AmendmentChangesInput) changes!: AmendmentChangesInput;
  @Field(() => String, {
    nullable: true,
    description: 'YYYY-MM-DD; by default the day the last signatory signs.',
  })
  effectiveOn?: string | null;
}

@InputType()
export class ProposeRenewalInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field(() => String, { nullable: true }) summary?: string | null;
}

@InputType()
export class SignAmendmentInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field(() => ID, { nullable: true, description: 'Defaults to the pending amendment.' }) amendmentId?:
    string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Needed only when your party signs through several signatories.',
  })
  signatoryId?: string | null;
}

@InputType()
export class WithdrawAmendmentInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field(() => ID) amendmentId!: string;
  @Field() reason!: string;
}

@InputType()
export class RecordMeetingInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field({ description: 'Committee id from the definition.' }) committee!: string;
  @Field({ description: 'YYYY-MM-DD' }) heldOn!: string;
  @Field(() => [ID]) attendingParties!: string[];
  @Field(() => String, { nullable: true }) minutesUrl?: string | null;
  @Field(() => [String], { nullable: true }) decisions?: string[] | null;
}

@InputType()
export class ReopenCommitmentInput extends MutationInput {
  @Field(() => ID) commitmentId!: string;
  @Field() reason!: string;
}

@InputType()
export class ServeFormalNoticeInput extends MutationInput {
  @Field(() => ID) commitmentId!: string;
  @Field() reason!: string;
}

@InputType()
export class SuspendConventionInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field({ description: 'The force-majeure event.' }) reason!: string;
}

@InputType()
export class ResumeConventionInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
}

@InputType()
export class DeadlineFilter {
  @Field(() => ID, { nullable: true, description: 'Deadlines of conventions this party is party to.' })
  partyId?: string | null;
  @Field(() => ID, { nullable: true }) conventionId?: string | null;
  @Field(() => String, { nullable: true, description: 'Due strictly before this date (YYYY-MM-DD).' })
  before?: string | null;
}
