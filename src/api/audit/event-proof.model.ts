import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Checkpoint } from './checkpoint.model';

@ObjectType({ description: 'Proof that an event is leaf `logIndex` of a checkpoint (RFC 6962 audit path).' })
export class EventProof {
  @Field(() => Int) logIndex!: number;
  @Field({ description: 'The event hash (the leaf input).' }) leafHash!: string;
  @Field(() => Checkpoint) checkpoint!: Checkpoint;
  @Field(() => [String]) proof!: string[];
}
