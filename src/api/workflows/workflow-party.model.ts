import { Field, ObjectType } from '@nestjs/graphql';
import { Party } from './party.model';
import { Signatory } from './signatory.model';

@ObjectType()
export class WorkflowParty extends Party {
  @Field(() => [Signatory]) signatories!: Signatory[];
}
