import { Field, ObjectType } from '@nestjs/graphql';
import { Convention } from '../conventions/convention.model';
import { Commitment } from './commitment.model';

@ObjectType()
export class CommitmentPayload {
  @Field(() => Commitment) commitment!: Commitment;
  @Field(() => Convention) convention!: Convention;
}
