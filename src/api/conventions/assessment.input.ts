import { Field, InputType } from '@nestjs/graphql';
import { AssessmentRating } from './assessment-rating.enum';

@InputType()
export class AssessmentInput {
  @Field({ description: 'A criterion id of the definition.' }) criterion!: string;
  @Field(() => AssessmentRating) rating!: AssessmentRating;
  @Field(() => String, { nullable: true }) comment?: string | null;
}
