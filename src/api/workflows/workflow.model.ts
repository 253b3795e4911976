import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CommitmentDefinition } from './commitment-definition.model';
import { Committee } from './committee.model';
import { EvaluationRule } from './evaluation-rule.model';
import { NoticeRule } from './notice-rule.model';
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
  @Field() timeZone!: string;
  @Field(() => [WorkflowParty]) parties!: WorkflowParty[];
  @Field(() => TermRule) term!: TermRule;
  @Field(() => RenewalRule) renewal!: RenewalRule;
  @Field(() => NoticeRule) notice!: NoticeRule;
  @Field(() => EvaluationRule, { nullable: true }) evaluation!: EvaluationRule | null;
  @Field(() => [Committee]) committees!: Committee[];
  @Field(() => [CommitmentDefinition]) commitments!: CommitmentDefinition[];
}
