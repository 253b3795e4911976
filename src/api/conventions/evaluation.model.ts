import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { EvaluationSubmission } from './evaluation-submission.model';
import { localDescription } from '../local-time';

@ObjectType({ description: 'One evaluation round: each evaluating party submits its assessment.' })
export class Evaluation {
  @Field(() => Int) number!: number;
  @Field(() => Int) termNumber!: number;
  @Field() opensOn!: string;
  @Field(() => String, { nullable: true }) dueOn!: string | null;
  @Field(() => [EvaluationSubmission]) submissions!: EvaluationSubmission[];
  @Field(() => [ID], { description: 'Parties that have not submitted yet.' }) pendingParties!: string[];
  @Field(() => String, { nullable: true }) completedAt!: string | null;
  @Field(() => String, { nullable: true, description: localDescription('completedAt', true) })
  completedAtLocal!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Day the due date was found passed with submissions missing.',
  })
  overdueSince!: string | null;
  @Field({ description: 'Incomplete and past its due date (by the server clock).' }) overdue!: boolean;
}
