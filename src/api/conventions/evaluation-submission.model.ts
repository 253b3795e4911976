import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Assessment } from './assessment.model';

@ObjectType()
export class EvaluationSubmission {
  @Field(() => ID) partyId!: string;
  @Field() submittedAt!: string;
  @Field(() => [Assessment]) assessments!: Assessment[];
  @Field(() => String, { nullable: true }) summary!: string | null;
}
