import { Field, InputType } from '@nestjs/graphql';

@InputType()
export class RenewalRuleInput {
  @Field({ description: 'tacit, amendment or none.' }) kind!: string;
  @Field(() => String, { nullable: true }) term?: string | null;
}
