import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Term of a definition: fixed with an ISO-8601 duration, or open-ended.' })
export class TermRule {
  @Field() kind!: string;
  @Field(() => String, { nullable: true }) duration!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}
