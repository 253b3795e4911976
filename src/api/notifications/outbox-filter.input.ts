import { Field, ID, InputType } from '@nestjs/graphql';
import { OutboxChannel } from './outbox-channel.enum';
import { OutboxStatus } from './outbox-status.enum';

@InputType()
export class OutboxFilter {
  @Field(() => OutboxStatus, { nullable: true }) status?: OutboxStatus | null;
  @Field(() => OutboxChannel, { nullable: true }) channel?: OutboxChannel | null;
  @Field(() => ID, { nullable: true }) conventionId?: string | null;
}
