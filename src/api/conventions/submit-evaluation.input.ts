import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';
import { AssessmentInput } from './assessment.input';

@InputType()
export class SubmitEvaluationInput extends MutationInput {
  @Field(() => ID) conventionId!: string;
  @Field(() => [AssessmentInput], { description: 'One assessment per criterion of the definition.' })
  assessments!: AssessmentInput[];
  @Field(() => String, { nullable: true }) summary?: string | null;
}
