import { Field, InputType } from '@nestjs/graphql';

@InputType()
export class NoticeRuleInput {
  @Field({ description: 'period, anniversary or none.' }) kind!: string;
  @Field(() => String, { nullable: true }) period?: string | null;
  @Field(() => String, { nullable: true }) window?: string | null;
}
