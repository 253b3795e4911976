import { Field, ObjectType } from '@nestjs/graphql';
import { Confirmation } from './confirmation.model';

@ObjectType({
  description: 'One fulfilment of a recurring commitment: the confirmations (or meeting) that made it.',
})
export class Fulfilment {
  @Field() at!: string;
  @Field(() => [Confirmation]) confirmations!: Confirmation[];
}
