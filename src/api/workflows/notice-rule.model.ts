import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class NoticeRule {
  @Field({ description: 'period, anniversary or none.' }) kind!: string;
  @Field(() => String, { nullable: true }) period!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}
