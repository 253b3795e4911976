import DataLoader from 'dataloader';
import { ConventionRecord } from '../../conventions/records';
import { Actor } from '../../machines/actor';
import { AllowedActions } from '../../machines/convention.engine';
import { ConventionDefinition } from '../../machines/definition';
import { LiveTokens } from '../live-connections';
import { conventionFromRow } from '../mapping';
import { Commitment } from '../commitments/commitment.model';
import { Convention } from '../conventions/convention.model';
import { ConventionReader } from '../read/convention-reader';
import { Loaders } from '../request-context';

/**
 * One delivery of a subscription: the object, with loaders of its own for the nested fields
 * (a subscription keeps one context for as long as it lives; reusing its loaders would answer
 * nested fields from an earlier delivery's cache).
 */
export interface Delivery<T> {
  value: T;
  loaders: Loaders;
}

/** Conventions whose latest read is kept for subscribers still catching up. */
const KEPT_READS = 256;

/**
 * One read of a convention after a change, shared by every subscriber the change concerns:
 * the convention, its commitments (read once, when a first subscriber needs them) and what
 * each kind of actor may do on it (the same for every actor of one role and party).
 */
export class ConventionRead {
  readonly convention: Convention;
  private commitmentsRead: Promise<Commitment[]> | null = null;
  private readonly allowed = new Map<string, AllowedActions | null>();
  private readonly deliveries = new Map<string, Map<object, Delivery<object>>>();

  constructor(
    private readonly reader: ConventionReader,
    readonly definition: ConventionDefinition,
    readonly row: ConventionRecord,
    readonly now: string,
  ) {
    this.convention = conventionFromRow(definition, row, now);
  }

  get version(): number {
    return this.row.version;
  }

  commitments(): Promise<Commitment[]> {
    this.commitmentsRead ??= this.reader.commitmentsOf(this.definition, this.row, this.now);
    return this.commitmentsRead;
  }

  allowedFor(actor: Actor | null): AllowedActions | null {
    const key = actor ? `${actor.role}:${actor.partyId ?? ''}` : '';
    if (!this.allowed.has(key)) {
      this.allowed.set(key, this.reader.allowedActions(this.convention, actor, this.now));
    }
    return this.allowed.get(key) ?? null;
  }

  /**
   * The delivery of `value` (this read's convention or one of its commitments) to `actor`: the
   * same object for every subscription of one token, so that identical ones share one execution
   * (sharedSubscribe), and a different one for each token.
   */
  delivery<T extends object>(actor: Actor, value: T): Delivery<T> {
    let ofToken = this.deliveries.get(actor.userId);
    if (!ofToken) this.deliveries.set(actor.userId, (ofToken = new Map()));
    let delivery = ofToken.get(value) as Delivery<T> | undefined;
    if (!delivery) {
      delivery = {
        value,
        loaders: ofToken.size ? [...ofToken.values()][0]!.loaders : this.loadersFor(actor),
      };
      ofToken.set(value, delivery);
    }
    return delivery;
  }

  /** Loaders of one token's deliveries: this read answers the nested fields of its own convention. */
  private loadersFor(actor: Actor): Loaders {
    const own = this.convention.id;
    const fallback = this.reader.loadersFor(actor);
    fallback.convention.prime(own, this.convention);
    return {
      ...fallback,
      commitmentsOf: new DataLoader((ids) =>
        Promise.all(ids.map((id) => (id === own ? this.commitments() : fallback.commitmentsOf.load(id)))),
      ),
      allowedActions: new DataLoader((ids) =>
        Promise.all(
          ids.map((id) => (id === own ? this.allowedFor(actor) : fallback.allowedActions.load(id))),
        ),
      ),
    };
  }
}

interface Entry {
  /** The change version the read was started for: it reflects at least that version. */
  version: number;
  read: Promise<ConventionRead | null>;
  /** Whether tokens are still active, asked once for all subscribers of the change. */
  tokens: DataLoader<string, boolean>;
}

/**
 * Reads shared between subscriptions: with S subscribers of one convention, a change costs one
 * read of it (and one token check for all of them), not S. A read started after change `v`
 * arrived serves every subscriber that asks for `v` or an earlier version.
 */
export class LiveReads {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly reader: ConventionReader,
    private readonly tokens: LiveTokens,
  ) {}

  read(conventionId: string, version: number): Promise<ConventionRead | null> {
    return this.entry(conventionId, version).read;
  }

  tokenActive(conventionId: string, version: number, tokenId: string): Promise<boolean> {
    return this.entry(conventionId, version).tokens.load(tokenId);
  }

  private entry(conventionId: string, version: number): Entry {
    const kept = this.entries.get(conventionId);
    if (kept && kept.version >= version) return kept;
    const entry: Entry = {
      version,
      read: this.readNow(conventionId),
      tokens: new DataLoader(async (ids) => {
        const active = await this.tokens.activeAmong(ids);
        return ids.map((id) => active.has(id));
      }),
    };
    this.entries.delete(conventionId);
    this.entries.set(conventionId, entry);
    if (this.entries.size > KEPT_READS) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  private async readNow(conventionId: string): Promise<ConventionRead | null> {
    const row = await this.reader.findRow(conventionId);
    return row
      ? new ConventionRead(this.reader, this.reader.definitionOf(row), row, this.reader.now())
      : null;
  }
}
