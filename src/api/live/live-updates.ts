import { ChangeFeed, ConventionChange } from '../../changes/change-feed';
import { DomainError } from '../../common/domain-error';
import { mayRead, readableOf } from '../../conventions/read-access';
import { Actor } from '../../machines/actor';
import { DefinitionRegistry } from '../../workflows/definition-registry';
import { ChangeStream } from '../change-stream';
import { commitmentsFor } from '../live-access';
import { LiveTokens } from '../live-connections';
import { Commitment } from '../commitments/commitment.model';
import { Convention } from '../conventions/convention.model';
import { ConventionReader } from '../read/convention-reader';
import { RequestContext } from '../request-context';
import { Delivery, LiveReads } from './live-reads';

/**
 * The subscription fields' `resolve`: hands the delivery's loaders to its nested fields. A
 * subscription sent over HTTP is executed once with no event at all: refused as the client's
 * mistake.
 */
export function delivered<T>(delivery: Delivery<T> | undefined, _args: unknown, ctx: RequestContext): T {
  if (!delivery) {
    throw new DomainError(
      'BAD_USER_INPUT',
      'subscriptions are served over a websocket on /graphql (graphql-ws)',
    );
  }
  ctx.loaders = delivery.loaders;
  return delivery.value;
}

/**
 * Live updates for subscriptions. The change feed only says what changed; every delivery is
 * read afresh from the projections after the commit (one read per change and convention,
 * shared by all its subscribers: LiveReads), checked again against who may see it, and skipped
 * when an earlier delivery already showed that version. The stream listens to the feed before
 * the subscribe-time checks, so that nothing committed after them is missed; a refused
 * subscription lets go of it at once.
 */
export class LiveUpdates {
  private readonly reads: LiveReads;

  constructor(
    private readonly changes: ChangeFeed,
    private readonly reader: ConventionReader,
    private readonly registry: DefinitionRegistry,
    tokens: LiveTokens,
  ) {
    this.reads = new LiveReads(reader, tokens);
  }

  /** `conventionChanged(id)`: NOT_FOUND for an unknown convention and for one the actor may not read. */
  async convention(actor: Actor, id: string): Promise<ChangeStream<Delivery<Convention>>> {
    let deliveredVersion = 0;
    const stream = new ChangeStream(
      this.changes,
      (change) => (change.conventionId === id ? change : null),
      async (change) => {
        if (change.version <= deliveredVersion) return [];
        await this.stillAuthenticated(actor, change);
        const read = await this.reads.read(id, change.version);
        if (!read || read.version <= deliveredVersion) return [];
        if (!mayRead(actor, readableOf(read.definition))) return [];
        deliveredVersion = read.version;
        return [read.delivery(actor, read.convention)];
      },
    );
    try {
      // One answer for an unknown convention and one the actor may not read.
      if (!(await this.reader.readableRow(actor, id))) {
        throw new DomainError('NOT_FOUND', `no convention ${id}`);
      }
    } catch (error) {
      await stream.return();
      throw error;
    }
    return stream;
  }

  /**
   * `commitmentChanged(partyId)`: NOT_FOUND for a party no definition names. A representative
   * may name another party; what it receives is filtered (see `commitmentsFor`), not refused.
   */
  async commitments(actor: Actor, partyId: string): Promise<ChangeStream<Delivery<Commitment>>> {
    if (!this.registry.partyIds().has(partyId)) {
      throw new DomainError('NOT_FOUND', `no party ${partyId}`);
    }
    /** Per commitment, a convention version its last delivery already reflected. */
    const deliveredVersion = new Map<string, number>();
    return new ChangeStream(
      this.changes,
      (change): ConventionChange | null => {
        // A change names the parties, not the visibility: while some definition is public, the
        // read after it decides (below).
        const visibility = this.registry.publicDefinitions().length ? 'public' : 'parties';
        const convention = { partyIds: change.partyIds, visibility } as const;
        const wanted = commitmentsFor(actor, partyId, convention, change.commitments);
        return wanted.length ? { ...change, commitments: wanted } : null;
      },
      async (change) => {
        const wanted = new Set(
          change.commitments
            .filter((c) => (deliveredVersion.get(c.id) ?? 0) < change.version)
            .map((c) => c.id),
        );
        if (!wanted.size) return [];
        await this.stillAuthenticated(actor, change);
        // The convention first: the commitments read after it are at least at its version.
        const read = await this.reads.read(change.conventionId, change.version);
        if (!read) return [];
        const visible = commitmentsFor(
          actor,
          partyId,
          readableOf(read.definition),
          (await read.commitments()).filter((c) => wanted.has(c.id)),
        );
        if (!visible.length) return [];
        for (const c of visible) deliveredVersion.set(c.id, read.version);
        return visible.map((value) => read.delivery(actor, value));
      },
    );
  }

  /**
   * A revoked token stops receiving at its next delivery, with UNAUTHENTICATED (its websocket is
   * closed too, within LIVE_TOKEN_RECHECK_MS: LiveConnections). One statement per change for
   * all the subscribers it concerns.
   */
  private async stillAuthenticated(actor: Actor, change: ConventionChange): Promise<void> {
    if (!(await this.reads.tokenActive(change.conventionId, change.version, actor.userId))) {
      throw new DomainError('UNAUTHENTICATED', 'the token of this subscription was revoked');
    }
  }
}
