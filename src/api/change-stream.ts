import { ChangeFeed, ConventionChange } from '../changes/change-feed';

/**
 * The source of one GraphQL subscription: listens to the change feed from the moment it is
 * created, keeps the changes `select` lets through (trimmed as it likes), turns them into
 * deliveries with `load`, one change at a time in arrival order, and lets go of the feed as
 * soon as the client leaves (graphql-ws calls `return()` on complete and on close).
 *
 * At most one change per convention waits: a later one of the same convention is merged into
 * it (highest version, union of commitments), since `load` reads the state afresh anyway. So
 * a slow subscriber holds at most one pending change per convention, and sees the latest
 * state rather than every intermediate one.
 *
 * When `load` fails the stream closes itself (a rejected `next()` is not followed by
 * `return()`) and the failure reaches the client as the subscription's error.
 */
export class ChangeStream<T> implements AsyncIterableIterator<T> {
  private readonly pending = new Map<string, ConventionChange>();
  private readonly ready: T[] = [];
  private wake: (() => void) | null = null;
  private release: (() => void) | null;

  constructor(
    feed: ChangeFeed,
    private readonly select: (change: ConventionChange) => ConventionChange | null,
    private readonly load: (change: ConventionChange) => Promise<T[]>,
  ) {
    this.release = feed.subscribe((change) => this.take(change));
  }

  /** Whether the stream still listens to the feed. */
  get open(): boolean {
    return this.release !== null;
  }

  async next(): Promise<IteratorResult<T>> {
    while (this.open) {
      if (this.ready.length) return { value: this.ready.shift() as T, done: false };
      const change = this.pending.values().next();
      if (change.done) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      this.pending.delete(change.value.conventionId);
      try {
        const items = await this.load(change.value);
        if (this.open) this.ready.push(...items);
      } catch (error) {
        this.close();
        throw error;
      }
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<T>> {
    this.close();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    this.close();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private take(change: ConventionChange): void {
    const selected = this.select(change);
    if (!selected) return;
    const earlier = this.pending.get(selected.conventionId);
    this.pending.set(selected.conventionId, earlier ? merged(earlier, selected) : selected);
    this.wakeUp();
  }

  private close(): void {
    this.release?.();
    this.release = null;
    this.pending.clear();
    this.ready.length = 0;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

function merged(earlier: ConventionChange, later: ConventionChange): ConventionChange {
  const commitments = new Map(earlier.commitments.map((c) => [c.id, c]));
  for (const c of later.commitments) commitments.set(c.id, c);
  return {
    conventionId: later.conventionId,
    version: Math.max(earlier.version, later.version),
    partyIds: later.partyIds,
    commitments: [...commitments.values()],
  };
}
