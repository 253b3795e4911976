import { Field, ID, ObjectType } from '@nestjs/graphql';
import { FormalNoticeStatus } from './formal-notice-status.enum';

@ObjectType({ description: 'A formal notice (mise en demeure) on a commitment in breach.' })
export class FormalNotice {
  @Field(() => ID) commitmentKey!: string;
  @Field(() => ID) servedBy!: string;
  @Field() servedOn!: string;
  @Field() reason!: string;
  @Field({ description: 'Last day to cure; uncured, the convention terminates for breach.' }) cureBy!: string;
  @Field(() => FormalNoticeStatus) status!: FormalNoticeStatus;
}
