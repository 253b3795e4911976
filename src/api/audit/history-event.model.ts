import { Field, Int, ObjectType } from '@nestjs/graphql';
import { EventActor } from './event-actor.model';

@ObjectType({ description: 'One accepted transition, as stored: append-only and hash-chained.' })
export class HistoryEvent {
  @Field(() => Int, { description: 'Global sequence number.' }) sequence!: number;
  @Field(() => Int, { description: 'Position in the global log (sequence − 1): the Merkle leaf index.' })
  logIndex!: number;
  @Field(() => Int, { description: 'Position in the convention stream, from 1.' }) version!: number;
  @Field() type!: string;
  @Field() occurredAt!: string;
  @Field(() => EventActor) actor!: EventActor;
  @Field({ description: 'Canonical JSON (RFC 8785), exactly as hashed.' }) payload!: string;
  @Field() definitionRef!: string;
  @Field(() => Int) machineVersion!: number;
  @Field(() => String, {
    nullable: true,
    description: 'The idempotency key the request carried, if any (part of the hashed event).',
  })
  idempotencyKey!: string | null;
  @Field() prevHash!: string;
  @Field() hash!: string;
}
