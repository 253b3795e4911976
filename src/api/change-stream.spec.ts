import { ChangeListener, ConventionChange } from '../changes/change-feed';
import { InProcessChangeFeed } from '../changes/in-process-change-feed';
import { ChangeStream } from './change-stream';

/** The in-process feed, counting the listeners it holds. */
class CountingFeed extends InProcessChangeFeed {
  held = 0;

  override subscribe(listener: ChangeListener): () => void {
    this.held += 1;
    const unsubscribe = super.subscribe(listener);
    return () => {
      this.held -= 1;
      unsubscribe();
    };
  }
}

const change = (conventionId: string, version: number, ...commitments: string[]): ConventionChange => ({
  conventionId,
  version,
  partyIds: ['halde', 'amf'],
  commitments: commitments.map((id) => ({ id, owners: ['halde'] })),
});

const describeChange = async (c: ConventionChange) => [
  `${c.conventionId}@${c.version}[${c.commitments.map((m) => m.id).join(',')}]`,
];

describe('ChangeStream', () => {
  let feed: CountingFeed;

  beforeEach(() => {
    feed = new CountingFeed();
  });

  it('delivers the changes it selects, in arrival order', async () => {
    const stream = new ChangeStream(feed, (c) => (c.conventionId === 'b' ? null : c), describeChange);
    await feed.publish(change('a', 2, 'a:x'));
    await feed.publish(change('b', 5));
    await feed.publish(change('c', 1));
    expect(await stream.next()).toEqual({ value: 'a@2[a:x]', done: false });
    expect(await stream.next()).toEqual({ value: 'c@1[]', done: false });
    await stream.return();
  });

  it('merges the changes of one convention that wait, and waits for the next one', async () => {
    const stream = new ChangeStream(feed, (c) => c, describeChange);
    await feed.publish(change('a', 2, 'a:x'));
    await feed.publish(change('a', 3, 'a:y', 'a:x'));
    expect(await stream.next()).toEqual({ value: 'a@3[a:x,a:y]', done: false });
    const later = stream.next();
    await feed.publish(change('a', 4));
    expect(await later).toEqual({ value: 'a@4[]', done: false });
    await stream.return();
  });

  it('delivers every item a change loads, one at a time', async () => {
    const stream = new ChangeStream(
      feed,
      (c) => c,
      async (c) => c.commitments.map((m) => m.id),
    );
    await feed.publish(change('a', 2, 'a:x', 'a:y'));
    expect(await stream.next()).toEqual({ value: 'a:x', done: false });
    expect(await stream.next()).toEqual({ value: 'a:y', done: false });
    await stream.return();
  });

  it('lets go of the feed when the client leaves, even while it waits for a change', async () => {
    const stream = new ChangeStream(feed, (c) => c, describeChange);
    expect(feed.held).toBe(1);
    const waiting = stream.next();
    await stream.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(feed.held).toBe(0);
    expect(stream.open).toBe(false);
    await feed.publish(change('a', 2));
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('drops what a load returns once the client left during it', async () => {
    let finish: () => void = () => undefined;
    const stream = new ChangeStream(
      feed,
      (c) => c,
      (c) => new Promise<string[]>((resolve) => (finish = () => resolve([c.conventionId]))),
    );
    await feed.publish(change('a', 2));
    const next = stream.next();
    await new Promise((resolve) => setImmediate(resolve));
    await stream.return();
    finish();
    expect(await next).toEqual({ value: undefined, done: true });
    expect(feed.held).toBe(0);
  });

  it('closes itself when a load fails', async () => {
    const stream = new ChangeStream(
      feed,
      (c) => c,
      async () => {
        throw new Error('read failed');
      },
    );
    await feed.publish(change('a', 2));
    await expect(stream.next()).rejects.toThrow('read failed');
    expect(feed.held).toBe(0);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });
});
