import { Field, InputType } from '@nestjs/graphql';

@InputType()
export class TermRuleInput {
  @Field({ description: 'fixed, until or open-ended.' }) kind!: string;
  @Field(() => String, { nullable: true }) duration?: string | null;
  @Field(() => String, { nullable: true }) endsOn?: string | null;
}
