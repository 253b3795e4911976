import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfo } from '../page-info.model';

export enum ContactLanguage {
  FR = 'fr',
  EN = 'en',
}
export enum ContactMessageKind {
  NOTICES = 'NOTICES',
  REMINDERS = 'REMINDERS',
  WEEKLY_DIGEST = 'WEEKLY_DIGEST',
}
export enum OutboxStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  DEAD = 'DEAD',
  UNDELIVERABLE = 'UNDELIVERABLE',
  HELD = 'HELD',
  DIGESTED = 'DIGESTED',
}
export enum OutboxChannel {
  EMAIL = 'EMAIL',
  WEBHOOK = 'WEBHOOK',
}
registerEnumType(ContactLanguage, { name: 'ContactLanguage' });
registerEnumType(ContactMessageKind, {
  name: 'ContactMessageKind',
  description:
    'NOTICES: what happened to a convention; REMINDERS: deadlines ahead; WEEKLY_DIGEST: notices gathered in one e-mail a week (weeks from Monday, UTC) instead of one each.',
});
registerEnumType(OutboxStatus, {
  name: 'OutboxStatus',
  description:
    'PENDING: to deliver (retried with backoff); SENT; DEAD: gave up after the attempt limit (retryable); UNDELIVERABLE: e-mail while no SMTP is configured (kept, sent once it is); HELD: a notice waiting for its contact’s weekly digest; DIGESTED: sent within one.',
});
registerEnumType(OutboxChannel, { name: 'OutboxChannel' });

@ObjectType({ description: 'Someone at a party who receives e-mail about its conventions.' })
export class Contact {
  @Field(() => ID) id!: string;
  @Field(() => ID) partyId!: string;
  @Field() name!: string;
  @Field() email!: string;
  @Field(() => ContactLanguage) language!: ContactLanguage;
  @Field(() => [ContactMessageKind]) kinds!: ContactMessageKind[];
  @Field() createdAt!: string;
}

@ObjectType({ description: 'A party system that receives signed event deliveries (Standard Webhooks).' })
export class WebhookEndpoint {
  @Field(() => ID) id!: string;
  @Field(() => ID) partyId!: string;
  @Field() url!: string;
  @Field(() => [String], { nullable: true, description: 'Event types wanted; null for every event.' })
  events!: string[] | null;
  @Field() createdAt!: string;
}

@ObjectType()
export class AddWebhookPayload {
  @Field(() => WebhookEndpoint) endpoint!: WebhookEndpoint;
  @Field({ description: 'The signing secret (whsec_…), shown only now.' }) secret!: string;
}

@ObjectType({ description: 'One delivery attempt of an outbox message.' })
export class OutboxAttempt {
  @Field() attemptedAt!: string;
  @Field({ description: 'The instance that tried.' }) instance!: string;
  @Field(() => String, { nullable: true, description: 'Null when the attempt succeeded.' })
  error!: string | null;
}

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

@ObjectType()
export class OutboxEdge {
  @Field() cursor!: string;
  @Field(() => OutboxMessage) node!: OutboxMessage;
}

@ObjectType()
export class OutboxConnection {
  @Field(() => [OutboxEdge]) edges!: OutboxEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType({ description: 'What an admin should know about notifications.' })
export class NotificationStatus {
  @Field({ description: 'Whether SMTP_URL is set: without it e-mail is kept as UNDELIVERABLE.' })
  emailConfigured!: boolean;
  @Field(() => [ID], { description: 'Parties of the definitions that have no contact.' })
  partiesWithoutContact!: string[];
  @Field(() => Int) pending!: number;
  @Field(() => Int) dead!: number;
  @Field(() => Int) undeliverable!: number;
}

@InputType()
export class AddContactInput {
  @Field(() => ID) partyId!: string;
  @Field() name!: string;
  @Field() email!: string;
  @Field(() => ContactLanguage, { nullable: true, description: 'Defaults to FR.' })
  language?: ContactLanguage | null;
  @Field(() => [ContactMessageKind], { nullable: true, description: 'Defaults to NOTICES and REMINDERS.' })
  kinds?: ContactMessageKind[] | null;
}

@InputType()
export class RemoveByIdInput {
  @Field(() => ID) id!: string;
}

@InputType()
export class AddWebhookInput {
  @Field(() => ID) partyId!: string;
  @Field({ description: 'An http(s) URL.' }) url!: string;
  @Field(() => [String], { nullable: true, description: 'Event types wanted; every event by default.' })
  events?: string[] | null;
}

@InputType()
export class OutboxFilter {
  @Field(() => OutboxStatus, { nullable: true }) status?: OutboxStatus | null;
  @Field(() => OutboxChannel, { nullable: true }) channel?: OutboxChannel | null;
  @Field(() => ID, { nullable: true }) conventionId?: string | null;
}
