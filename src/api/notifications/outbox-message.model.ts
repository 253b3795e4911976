import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { OutboxAttempt } from './outbox-attempt.model';
import { OutboxChannel } from './outbox-channel.enum';
import { OutboxStatus } from './outbox-status.enum';

@ObjectType({ description: 'A message to deliver, written in the transaction of what caused it.' })
export class OutboxMessage {
  @Field(() => ID) id!: string;
  @Field({ description: 'Deterministic: the same reason never gives two messages.' }) key!: string;
  @Field(() => OutboxChannel) channel!: OutboxChannel;
  @Field({ description: 'An event type, or REMINDER_<deadline kind>.' }) kind!: string;
  @Field(() => ID) conventionId!: string;
  @Field(() => ID) partyId!: string;
  @Field({ description: 'The e-mail address or the endpoint URL.' }) recipient!: string;
  @Field() subject!: string;
  @Field({ description: 'The instant the message is dated: its event, or its reminder.' }) datedAt!: string;
  @Field(() => OutboxStatus) status!: OutboxStatus;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => String, { nullable: true }) sentAt!: string | null;
  @Field(() => [OutboxAttempt]) attemptLog!: OutboxAttempt[];
}
