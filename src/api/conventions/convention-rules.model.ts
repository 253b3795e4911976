import { Field, ObjectType } from '@nestjs/graphql';
import { BreachClause } from '../workflows/breach-clause.model';
import { EvaluationRule } from '../workflows/evaluation-rule.model';
import { ForceMajeureClause } from '../workflows/force-majeure-clause.model';
import { NoticeRule } from '../workflows/notice-rule.model';
import { RenewalRule } from '../workflows/renewal-rule.model';
import { TermRule } from '../workflows/term-rule.model';

@ObjectType()
export class ConventionRules {
  @Field(() => TermRule) term!: TermRule;
  @Field(() => RenewalRule) renewal!: RenewalRule;
  @Field(() => NoticeRule) notice!: NoticeRule;
  @Field(() => EvaluationRule, { nullable: true }) evaluation!: EvaluationRule | null;
  @Field(() => BreachClause, {
    nullable: true,
    description: 'Termination for breach after a formal notice, as it stands now; null: no such clause.',
  })
  breach!: BreachClause | null;
  @Field(() => ForceMajeureClause, {
    nullable: true,
    description: 'Suspension for force majeure and its limit, as it stands now; null: no such clause.',
  })
  forceMajeure!: ForceMajeureClause | null;
}
