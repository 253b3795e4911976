import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/id-generator';
import { Config } from '../config';
import { Database } from '../database/database';
import { Actor } from '../machines/actor';
import { DefinitionRegistry } from '../workflows/definition-registry';
import { CalendarFeedRow } from '../database/calendar-feed.entity';
import { CalendarFeedRepository, FeedPage } from './calendar-feed.repository';
import { feedKeyHash, newFeedKey } from './feed-key';
import { feedUrl } from './feed-url';

export interface CreatedFeed {
  feed: CalendarFeedRow;
  /** Shown once: the key is stored only as its hash. */
  url: string;
}

const MAX_LABEL = 200;

/** Creating, listing and revoking calendar feeds: an admin's business. */
export class CalendarFeedService {
  constructor(
    private readonly db: Database,
    private readonly feeds: CalendarFeedRepository,
    private readonly registry: DefinitionRegistry,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: Pick<Config, 'publicUrl' | 'host' | 'port'>,
  ) {}

  async create(actor: Actor, partyId: string, label: string | null): Promise<CreatedFeed> {
    requireAdmin(actor);
    if (!this.registry.partyIds().has(partyId)) throw new DomainError('NOT_FOUND', `no party ${partyId}`);
    const key = newFeedKey();
    const feed: CalendarFeedRow = {
      id: this.ids.next(),
      partyId,
      label: checkedLabel(label),
      keyHash: feedKeyHash(key),
      createdAt: this.clock.nowIso(),
      revokedAt: null,
    };
    await this.db.write((manager) => this.feeds.insert(manager, feed));
    return { feed, url: feedUrl(this.config, key) };
  }

  async list(
    actor: Actor,
    partyId: string | null,
    first: number,
    after: { createdAt: string; id: string } | null,
  ): Promise<FeedPage> {
    requireAdmin(actor);
    return this.feeds.list(this.db.read, partyId, first, after);
  }

  /** Ends a feed at once: its URL answers 404 from now on. */
  async revoke(actor: Actor, id: string): Promise<CalendarFeedRow> {
    requireAdmin(actor);
    return this.db.write(async (manager) => {
      if (!(await this.feeds.revoke(manager, id, this.clock.nowIso()))) {
        throw new DomainError('NOT_FOUND', `no active calendar feed ${id}`);
      }
      return (await this.feeds.find(manager, id)) as CalendarFeedRow;
    });
  }
}

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'only an admin manages calendar feeds');
}

/** A label is shown in lists and in the calendar's name: one short line. */
function checkedLabel(label: string | null): string | null {
  const trimmed = label?.trim();
  if (!trimmed) return null;
  // eslint-disable-next-line no-control-regex
  if (trimmed.length > MAX_LABEL || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new DomainError('BAD_USER_INPUT', `label must be one line of at most ${MAX_LABEL} characters`);
  }
  return trimmed;
}
