import { Field, ObjectType } from '@nestjs/graphql';
import { Confirmation } from './confirmation.model';
import { localDescription } from '../local-time';

@ObjectType({
  description: 'One fulfilment of a recurring commitment: the confirmations (or meeting) that made it.',
})
export class Fulfilment {
  @Field() at!: string;
  @Field(() => String, {
    nullable: true,
    description: `${localDescription('at')} Null when \`at\` is empty.`,
  })
  atLocal!: string | null;
  @Field(() => [Confirmation]) confirmations!: Confirmation[];
}
