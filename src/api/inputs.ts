import { Field, ID, InputType } from '@nestjs/graphql';
import { AssessmentRating, CommitmentStatus, ConventionStatus } from './enums';

@InputType()
export class CreateConventionInput {
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
export class SignConventionInput {
  @Field(() => ID) conventionId!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Needed only when your party signs through several signatories.',
  })
  signatoryId?: string | null;
}

@InputType()
export class MarkCommitmentDoneInput {
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
export class SubmitEvaluationInput {
  @Field(() => ID) conventionId!: string;
  @Field(() => [AssessmentInput], { description: 'One assessment per criterion of the definition.' })
  assessments!: AssessmentInput[];
  @Field(() => String, { nullable: true }) summary?: string | null;
}

@InputType()
export class GiveNoticeInput {
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

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

@InputType()
export class AdvanceClockInput {
  @Field({ description: 'ISO-8601 instant; never earlier than now.' }) to!: string;
}
