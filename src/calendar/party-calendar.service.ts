import { sha256Hex } from '../common/hash';
import { Config } from '../config';
import { ConventionRepository } from '../conventions/convention.repository';
import { mayRead, readableOf } from '../conventions/read-access';
import { Database } from '../database/database';
import { ConventionRow } from '../database/entities';
import { Actor } from '../machines/actor';
import { CommitmentView, ConventionView } from '../machines/convention.view';
import { ConventionDefinition } from '../machines/definition';
import { DeadlineRepository } from '../scheduler/deadline.repository';
import { DefinitionRegistry } from '../workflows/definition-registry';
import { CalendarFeedRow } from './calendar-feed.entity';
import { CalendarFeedRepository } from './calendar-feed.repository';
import { FeedConvention, feedEntries } from './feed-entries';
import { renderFeed } from './feed-ics';
import { feedKeyHash } from './feed-key';
import { conventionLink } from './feed-url';

/** At most this many pending deadlines, earliest first, in one feed. */
export const FEED_MAX_DEADLINES = 2_000;

export interface RenderedFeed {
  body: string;
  /** Hash of the body: the same content, the same tag. */
  etag: string;
  /** When the newest convention in the feed (or the feed itself) last changed. */
  lastModified: string;
}

/** A party's calendar: the deadlines of the conventions it is in and may read, as iCalendar. */
export class PartyCalendarService {
  constructor(
    private readonly db: Database,
    private readonly feeds: CalendarFeedRepository,
    private readonly conventions: ConventionRepository,
    private readonly deadlines: DeadlineRepository,
    private readonly registry: DefinitionRegistry,
    private readonly config: Pick<Config, 'publicUrl'>,
  ) {}

  /** Null for a key that is unknown or revoked: the caller answers 404 and says nothing more. */
  async render(key: string): Promise<RenderedFeed | null> {
    const manager = this.db.read;
    const feed = await this.feeds.findActiveByKeyHash(manager, feedKeyHash(key));
    if (!feed) return null;
    // The feed reads as a representative of its party: the read rule decides what it is told.
    const reader: Actor = {
      userId: feed.id,
      name: feed.label ?? feed.partyId,
      role: 'representative',
      partyId: feed.partyId,
    };
    const pending = groupBy(
      await this.deadlines.upcoming(manager, { partyId: feed.partyId }, FEED_MAX_DEADLINES),
      (d) => d.conventionId,
    );
    const readable = (await this.conventions.findConventions(manager, [...pending.keys()]))
      .map((row) => ({ row, definition: this.definitionOf(row.definitionId, row.definitionVersion) }))
      .filter(
        (c): c is { row: ConventionRow; definition: ConventionDefinition } =>
          c.definition !== undefined && mayRead(reader, readableOf(c.definition)),
      );
    const namingCommitments = readable
      .filter(({ row }) => pending.get(row.id)?.some((d) => d.subject !== null))
      .map(({ row }) => row.id);
    const commitments = groupBy(
      await this.conventions.commitmentsOf(manager, namingCommitments),
      (m) => m.conventionId,
    );
    const shown: FeedConvention[] = readable.map(({ row, definition }) => ({
      id: row.id,
      definition,
      view: JSON.parse(row.view) as Omit<ConventionView, 'commitments'>,
      commitments: new Map(
        (commitments.get(row.id) ?? []).map((m) => [m.key, JSON.parse(m.view) as CommitmentView]),
      ),
      deadlines: pending.get(row.id) ?? [],
    }));
    const lastChange = await this.feeds.lastChangeOf(manager, feed.partyId);
    const lastModified = lastChange && lastChange > feed.createdAt ? lastChange : feed.createdAt;
    const body = renderFeed({
      name: `Échéances ${this.partyName(feed)}${feed.label ? ` — ${feed.label}` : ''}`,
      stamp: lastModified,
      entries: shown.flatMap(feedEntries),
      linkOf: this.config.publicUrl ? (id) => conventionLink(this.config, id) as string : null,
    });
    return { body, etag: `"${sha256Hex(body).slice(0, 32)}"`, lastModified };
  }

  private definitionOf(id: string, version: number): ConventionDefinition | undefined {
    return this.registry.byReference(`${id}@${version}`);
  }

  private partyName(feed: CalendarFeedRow): string {
    for (const definition of this.registry.current()) {
      const party = definition.parties.find((p) => p.id === feed.partyId);
      if (party) return party.shortName;
    }
    return feed.partyId;
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
