import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Assessment } from './assessment.model';
import { localDescription } from '../local-time';

@ObjectType()
export class EvaluationSubmission {
  @Field(() => ID) partyId!: string;
  @Field() submittedAt!: string;
  @Field({ description: localDescription('submittedAt') }) submittedAtLocal!: string;
  @Field(() => [Assessment]) assessments!: Assessment[];
  @Field(() => String, { nullable: true }) summary!: string | null;
}
