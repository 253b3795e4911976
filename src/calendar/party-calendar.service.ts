import { sha256Hex } from '../common/hash';
import { Config } from '../config';
import { ConventionRepository } from '../conventions/convention.repository';
import { mayRead, readableOf } from '../conventions/read-access';
import { Database } from '../database/database';
import { Actor } from '../machines/actor';
import { CommitmentView, ConventionView } from '../machines/convention.view';
import { ConventionDefinition } from '../machines/definition';
import { DeadlineRepository } from '../scheduler/deadline.repository';
import { DefinitionRegistry } from '../workflows/definition-registry';
import { CalendarFeedRow } from '../database/calendar-feed.entity';
import { BodyCache } from './body-cache';
import { CalendarFeedRepository, ConventionViewRow } from './calendar-feed.repository';
import { FeedConvention, feedEntries } from './feed-entries';
import { feedKeyHash } from './feed-key';
import { conventionLink } from './feed-url';

/** At most this many pending deadlines, earliest first, in one feed. */
export const FEED_MAX_DEADLINES = 2_000;

/** Rendered feeds kept in memory, in UTF-16 units (about 16 MB). */
const CACHE_BUDGET = 8_000_000;

/** Part of every ETag: a release that writes feeds differently must not answer 304 to an old copy. */
const FEED_FORMAT = 1;

/** A feed found by its key: its validators at once, its text only when asked. */
export interface OpenedFeed {
  /** Changes whenever the feed's text can. */
  etag: string;
  /** The last change to a convention of the party (or the feed's creation). */
  lastModified: string;
  body(): Promise<string>;
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

  private readonly cache = new BodyCache(CACHE_BUDGET);

  /**
   * Null for a key that is unknown or revoked: the caller answers 404 and says nothing more. The
   * validators cost two indexed statements, so a client that has the feed never makes us render it.
   */
  async open(key: string): Promise<OpenedFeed | null> {
    const manager = this.db.read;
    const feed = await this.feeds.findActiveByKeyHash(manager, feedKeyHash(key));
    if (!feed) return null;
    const state = await this.feeds.partyState(manager, feed.partyId);
    const lastModified =
      state.lastChange && state.lastChange > feed.createdAt ? state.lastChange : feed.createdAt;
    const name = `Échéances ${this.partyName(feed)}${feed.label ? ` — ${feed.label}` : ''}`;
    const etag = `"${sha256Hex(
      JSON.stringify([FEED_FORMAT, feed.id, name, this.config.publicUrl, state, lastModified]),
    ).slice(0, 32)}"`;
    return {
      etag,
      lastModified,
      body: async () => {
        const cached = this.cache.get(etag);
        if (cached !== undefined) return cached;
        const body = await this.render(feed, name, lastModified);
        this.cache.set(etag, body);
        return body;
      },
    };
  }

  private async render(feed: CalendarFeedRow, name: string, stamp: string): Promise<string> {
    const manager = this.db.read;
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
    const readable = (await this.feeds.conventionViews(manager, [...pending.keys()]))
      .map((row) => ({ row, definition: this.definitionOf(row.definitionId, row.definitionVersion) }))
      .filter(
        (c): c is { row: ConventionViewRow; definition: ConventionDefinition } =>
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
      version: row.version,
      definition,
      view: JSON.parse(row.view) as Omit<ConventionView, 'commitments'>,
      commitments: new Map(
        (commitments.get(row.id) ?? []).map((m) => [m.key, JSON.parse(m.view) as CommitmentView]),
      ),
      deadlines: pending.get(row.id) ?? [],
    }));
    // ical-generator is loaded with the first feed asked for, not at start (issue 17, idle memory).
    const { renderFeed } = await import('./feed-ics');
    return renderFeed({
      name,
      stamp,
      entries: shown.flatMap(feedEntries),
      linkOf: this.config.publicUrl ? (id) => conventionLink(this.config, id) as string : null,
    });
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
