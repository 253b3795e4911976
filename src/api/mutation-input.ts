import { Field, InputType } from '@nestjs/graphql';

/** What every mutation input accepts. */
@InputType({ isAbstract: true })
export abstract class MutationInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Any string of yours (a UUID, say) naming this request: a retry with the same key returns the first answer and changes nothing; the same key with a different input is a CONFLICT. Kept per token.',
  })
  idempotencyKey?: string | null;
}
