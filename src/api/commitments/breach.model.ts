import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'The breach of a standing duty reported by a creditor party (rules v2); a formal notice may then be served on it.',
})
export class Breach {
  @Field(() => ID) commitmentKey!: string;
  @Field(() => ID) reportedBy!: string;
  @Field() reportedOn!: string;
  @Field() description!: string;
  @Field() evidenceUrl!: string;
}
