import { Field, ObjectType } from '@nestjs/graphql';
import { EvaluationRule } from '../workflows/evaluation-rule.model';
import { NoticeRule } from '../workflows/notice-rule.model';
import { RenewalRule } from '../workflows/renewal-rule.model';
import { TermRule } from '../workflows/term-rule.model';

@ObjectType()
export class ConventionRules {
  @Field(() => TermRule) term!: TermRule;
  @Field(() => RenewalRule) renewal!: RenewalRule;
  @Field(() => NoticeRule) notice!: NoticeRule;
  @Field(() => EvaluationRule, { nullable: true }) evaluation!: EvaluationRule | null;
}
