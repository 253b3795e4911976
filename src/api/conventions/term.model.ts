import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class Term {
  @Field(() => Int) number!: number;
  @Field() startsOn!: string;
  @Field(() => String, { nullable: true, description: 'Last day of the term; null when open-ended.' })
  endsOn!: string | null;
}
