import { Field, ID, InputType } from '@nestjs/graphql';
import { CommitmentChangeInput } from './commitment-change.input';
import { CommitmentSpecInput } from './commitment-spec.input';
import { NoticeRuleInput } from './notice-rule.input';
import { RenewalRuleInput } from './renewal-rule.input';
import { TermRuleInput } from './term-rule.input';

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
