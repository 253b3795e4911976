import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DomainError } from '../../common/domain-error';
import { Actor } from '../../machines/actor';
import { ContactService } from '../../notifications/contact.service';
import { OutboxPage, OutboxService } from '../../notifications/outbox.service';
import { WebhookService } from '../../notifications/webhook.service';
import { AuthGuard } from '../auth.guard';
import { CurrentActor } from '../current-actor.decorator';
import { encodeCursor } from '../mapping';
import { AddContactInput } from './add-contact.input';
import { AddWebhookPayload } from './add-webhook-payload.model';
import { AddWebhookInput } from './add-webhook.input';
import { ContactLanguage } from './contact-language.enum';
import { ContactMessageKind } from './contact-message-kind.enum';
import { Contact } from './contact.model';
import { NotificationStatus } from './notification-status.model';
import { OutboxChannel } from './outbox-channel.enum';
import { OutboxConnection } from './outbox-connection.model';
import { OutboxFilter } from './outbox-filter.input';
import { OutboxStatus } from './outbox-status.enum';
import { RemoveByIdInput } from './remove-by-id.input';
import { WebhookEndpoint } from './webhook-endpoint.model';
import { cursor, isRecord, pageSize } from '../pagination';

function isOutboxCursor(value: unknown): value is { id: number } {
  return isRecord(value) && typeof value.id === 'number';
}

function messageId(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw new DomainError('NOT_FOUND', `no message ${id}`);
  return Number(id);
}

/** Admin: contacts and webhook endpoints of the parties, and the outbox of messages. */
@Resolver()
@UseGuards(AuthGuard)
export class NotificationResolver {
  constructor(
    private readonly contactService: ContactService,
    private readonly webhookService: WebhookService,
    private readonly outboxService: OutboxService,
  ) {}

  @Query(() => [Contact], { description: 'Admin: the contacts of one party, or of every party.' })
  async contacts(
    @Args('partyId', { type: () => ID, nullable: true }) partyId: string | null,
    @CurrentActor() actor: Actor,
  ): Promise<Contact[]> {
    return (await this.contactService.list(actor, partyId)).map(toContact);
  }

  @Mutation(() => Contact, {
    description: 'Admin: adds a contact who receives e-mail about the party’s conventions.',
  })
  async addContact(@Args('input') input: AddContactInput, @CurrentActor() actor: Actor): Promise<Contact> {
    return toContact(await this.contactService.add(actor, input));
  }

  @Mutation(() => ID, { description: 'Admin: removes a contact; answers its id.' })
  async removeContact(@Args('input') input: RemoveByIdInput, @CurrentActor() actor: Actor): Promise<string> {
    await this.contactService.remove(actor, input.id);
    return input.id;
  }

  @Query(() => [WebhookEndpoint], {
    description: 'Admin: webhook endpoints of one party, or of every party.',
  })
  async webhooks(
    @Args('partyId', { type: () => ID, nullable: true }) partyId: string | null,
    @CurrentActor() actor: Actor,
  ): Promise<WebhookEndpoint[]> {
    return this.webhookService.list(actor, partyId);
  }

  @Mutation(() => AddWebhookPayload, {
    description:
      'Admin: registers a webhook endpoint for a party; its signing secret is in this answer only.',
  })
  async addWebhook(
    @Args('input') input: AddWebhookInput,
    @CurrentActor() actor: Actor,
  ): Promise<AddWebhookPayload> {
    return this.webhookService.add(actor, input);
  }

  @Mutation(() => ID, { description: 'Admin: removes a webhook endpoint; answers its id.' })
  async removeWebhook(@Args('input') input: RemoveByIdInput, @CurrentActor() actor: Actor): Promise<string> {
    await this.webhookService.remove(actor, input.id);
    return input.id;
  }

  @Query(() => OutboxConnection, {
    description: 'Admin: messages of the outbox, oldest first, with their attempts.',
  })
  async outbox(
    @Args('filter', { type: () => OutboxFilter, nullable: true }) filter: OutboxFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @CurrentActor() actor: Actor,
  ): Promise<OutboxConnection> {
    const afterId = cursor(after, isOutboxCursor)?.id ?? 0;
    const page = await this.outboxService.page(actor, filter ?? {}, afterId, pageSize(first));
    return toConnection(page);
  }

  @Mutation(() => ID, {
    description: 'Admin: tries a DEAD (or UNDELIVERABLE) message again; answers its id.',
  })
  async retryMessage(@Args('input') input: RemoveByIdInput, @CurrentActor() actor: Actor): Promise<string> {
    await this.outboxService.retry(actor, messageId(input.id));
    return input.id;
  }

  @Query(() => NotificationStatus, {
    description:
      'Admin: whether e-mail can go out, parties nobody would be told about, and the outbox counts.',
  })
  async notificationStatus(@CurrentActor() actor: Actor): Promise<NotificationStatus> {
    return this.outboxService.status(actor);
  }
}

function toContact(contact: {
  id: string;
  partyId: string;
  name: string;
  email: string;
  language: string;
  kinds: string[];
  createdAt: string;
}): Contact {
  return {
    ...contact,
    language: contact.language as ContactLanguage,
    kinds: contact.kinds as ContactMessageKind[],
  };
}

function toConnection(page: OutboxPage): OutboxConnection {
  const edges = page.rows.map((row) => ({
    cursor: encodeCursor({ id: row.id }),
    node: {
      id: String(row.id),
      key: row.key,
      channel: row.channel as OutboxChannel,
      kind: row.kind,
      conventionId: row.conventionId,
      partyId: row.partyId,
      recipient: row.recipient,
      subject: row.subject,
      datedAt: row.datedAt,
      status: row.status as OutboxStatus,
      attempts: row.attempts,
      lastError: row.lastError,
      sentAt: row.sentAt,
      attemptLog: row.attemptLog.map(({ attemptedAt, instance, error }) => ({
        attemptedAt,
        instance,
        error,
      })),
    },
  }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges[edges.length - 1]?.cursor ?? null },
  };
}
