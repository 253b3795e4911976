import { Field, ID, ObjectType } from '@nestjs/graphql';
import { CommitmentLineage } from './commitment-lineage.model';

@ObjectType({ description: 'What an applied amendment did, commitment by commitment.' })
export class AmendmentDiff {
  @Field(() => [ID]) added!: string[];
  @Field(() => [CommitmentLineage]) changed!: CommitmentLineage[];
  @Field(() => [ID]) waived!: string[];
  @Field(() => [String], { description: 'Rules it changed: term, renewal, notice, evaluation.' })
  rules!: string[];
}
