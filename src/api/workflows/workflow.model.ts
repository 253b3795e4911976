import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { BreachClause } from './breach-clause.model';
import { CommitmentDefinition } from './commitment-definition.model';
import { Committee } from './committee.model';
import { EvaluationRule } from './evaluation-rule.model';
import { ForceMajeureClause } from './force-majeure-clause.model';
import { NoticeRule } from './notice-rule.model';
import { OptionClause } from './option-clause.model';
import { RenewalRule } from './renewal-rule.model';
import { TermRule } from './term-rule.model';
import { Visibility } from './visibility.enum';
import { WorkflowParty } from './workflow-party.model';

@ObjectType({ description: 'A convention definition from workflows/, at one version.' })
export class Workflow {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field() title!: string;
  @Field(() => Visibility) visibility!: Visibility;
  @Field() sourceDocument!: string;
  @Field(() => String, { nullable: true }) sourceSignedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Where the source text was signed, when it says so.' })
  sourcePlace!: string | null;
  @Field() timeZone!: string;
  @Field(() => [WorkflowParty]) parties!: WorkflowParty[];
  @Field(() => TermRule) term!: TermRule;
  @Field(() => RenewalRule) renewal!: RenewalRule;
  @Field(() => NoticeRule) notice!: NoticeRule;
  @Field(() => EvaluationRule, { nullable: true }) evaluation!: EvaluationRule | null;
  @Field(() => [Committee]) committees!: Committee[];
  @Field(() => [CommitmentDefinition]) commitments!: CommitmentDefinition[];
  @Field(() => [OptionClause], {
    description:
      'Optional sections chosen when a convention is created (`createConvention(input: { options })`); empty: the text has none.',
  })
  options!: OptionClause[];
  @Field(() => BreachClause, {
    nullable: true,
    description: 'Termination for breach after a formal notice; null: the text states no such clause.',
  })
  breach!: BreachClause | null;
  @Field(() => ForceMajeureClause, {
    nullable: true,
    description: 'Suspension for force majeure and its limit; null: the text states no such clause.',
  })
  forceMajeure!: ForceMajeureClause | null;
}
