import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/id-generator';
import { Database } from '../database/database';
import { Actor } from '../machines/actor';
import { DefinitionRegistry } from '../workflows/definition-registry';
import { requireAdmin } from './contact.service';
import { WebhookEndpointRow } from '../database/notification.entities';
import { isLocalHost, isWebhookUrl } from './url-policy';
import { WebhookRepository } from './webhook.repository';
import { newSigningSecret } from './webhook-signature';

export interface WebhookEndpoint {
  id: string;
  partyId: string;
  url: string;
  events: string[] | null;
  createdAt: string;
}

/** Webhook endpoints of the parties, managed by an admin; each secret is shown once. */
export class WebhookService {
  constructor(
    private readonly db: Database,
    private readonly endpoints: WebhookRepository,
    private readonly registry: DefinitionRegistry,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    /** WEBHOOK_ALLOW_LOCAL: deliveries to this server's loopback and link-local addresses. */
    private readonly allowLocal: boolean,
  ) {}

  async add(
    actor: Actor,
    input: { partyId: string; url: string; events?: readonly string[] | null },
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    requireAdmin(actor);
    if (!this.registry.partyIds().has(input.partyId)) {
      throw new DomainError('NOT_FOUND', `no party ${input.partyId} in the definitions`);
    }
    const url = input.url.trim();
    if (url.length > 2000 || !isWebhookUrl(url)) {
      throw new DomainError('BAD_USER_INPUT', 'url must be an http(s) URL without credentials');
    }
    if (!this.allowLocal && isLocalHost(new URL(url).hostname)) {
      throw new DomainError('BAD_USER_INPUT', 'url must not point at this server (loopback or link-local)');
    }
    const events = input.events?.length ? [...new Set(input.events)] : null;
    if (events?.some((e) => !/^[A-Z_]{3,40}$/.test(e))) {
      throw new DomainError('BAD_USER_INPUT', 'events must be event types such as SIGNATURE_GIVEN');
    }
    const row: WebhookEndpointRow = {
      id: this.ids.next(),
      partyId: input.partyId,
      url,
      events: events && JSON.stringify(events),
      secret: newSigningSecret(),
      createdAt: this.clock.nowIso(),
    };
    await this.db.write((manager) => this.endpoints.add(manager, row));
    return { endpoint: toEndpoint(row), secret: row.secret };
  }

  async remove(actor: Actor, id: string): Promise<void> {
    requireAdmin(actor);
    const removed = await this.db.write((manager) => this.endpoints.remove(manager, id));
    if (!removed) throw new DomainError('NOT_FOUND', `no webhook endpoint ${id}`);
  }

  async list(actor: Actor, partyId: string | null): Promise<WebhookEndpoint[]> {
    requireAdmin(actor);
    return (await this.endpoints.list(this.db.read, partyId)).map(toEndpoint);
  }
}

function toEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    partyId: row.partyId,
    url: row.url,
    events: row.events === null ? null : (JSON.parse(row.events) as string[]),
    createdAt: row.createdAt,
  };
}
