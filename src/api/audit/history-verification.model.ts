import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class HistoryVerification {
  @Field() valid!: boolean;
  @Field(() => Int) eventCount!: number;
  @Field(() => Int, { nullable: true }) firstBadVersion!: number | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
}
