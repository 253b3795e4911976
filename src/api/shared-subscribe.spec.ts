import { ExecutionResult, GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { sharedSubscribe } from './shared-subscribe';

/** A source the test feeds by hand; records whether it was let go of. */
class Source implements AsyncIterableIterator<object> {
  released = false;
  private readonly queue: object[] = [];
  private wake: (() => void) | null = null;

  push(event: object): void {
    this.queue.push(event);
    this.wake?.();
  }

  async next(): Promise<IteratorResult<object>> {
    while (!this.queue.length && !this.released) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.released) return { done: true, value: undefined };
    return { done: false, value: this.queue.shift()! };
  }

  async return(): Promise<IteratorResult<object>> {
    this.released = true;
    this.wake?.();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

function schemaOver(sources: Source[], executions: { count: number }): GraphQLSchema {
  const Item = new GraphQLObjectType({
    name: 'Item',
    fields: {
      n: {
        type: GraphQLInt,
        resolve: (item: { n: number }) => {
          executions.count += 1;
          return item.n;
        },
      },
    },
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        changed: {
          type: Item,
          args: { id: { type: GraphQLString } },
          subscribe: () => {
            const source = new Source();
            sources.push(source);
            return source;
          },
          resolve: (event: object) => event,
        },
      },
    }),
  });
}

async function subscribe(schema: GraphQLSchema, query: string, variableValues: Record<string, unknown> = {}) {
  const result = await sharedSubscribe({ schema, document: parse(query), variableValues });
  if (!(Symbol.asyncIterator in result)) throw new Error(JSON.stringify(result));
  return result as AsyncIterableIterator<ExecutionResult>;
}

describe('sharedSubscribe', () => {
  it('executes once for subscriptions of the same operation handed the same event', async () => {
    const sources: Source[] = [];
    const executions = { count: 0 };
    const schema = schemaOver(sources, executions);
    const streams = await Promise.all(
      [1, 2, 3].map(() => subscribe(schema, 'subscription { changed { n } }')),
    );
    const event = { n: 7 };
    for (const source of sources) source.push(event);
    const results = await Promise.all(streams.map((s) => s.next()));
    expect(results.map((r) => r.value)).toEqual(Array(3).fill({ data: { changed: { n: 7 } } }));
    expect(executions.count).toBe(1);
  });

  it('executes apart for another event object, another operation or other variables', async () => {
    const sources: Source[] = [];
    const executions = { count: 0 };
    const schema = schemaOver(sources, executions);
    const same = await subscribe(schema, 'subscription($id: String) { changed(id: $id) { n } }', { id: 'a' });
    const otherVariables = await subscribe(schema, 'subscription($id: String) { changed(id: $id) { n } }', {
      id: 'b',
    });
    const otherOperation = await subscribe(schema, 'subscription { alias: changed { n } }');
    const otherEvent = await subscribe(schema, 'subscription($id: String) { changed(id: $id) { n } }', {
      id: 'a',
    });
    const event = { n: 1 };
    sources.slice(0, 3).forEach((source) => source.push(event));
    sources[3]!.push({ n: 2 });
    const results = await Promise.all(
      [same, otherVariables, otherOperation, otherEvent].map((s) => s.next()),
    );
    expect(results.map((r) => r.value)).toEqual([
      { data: { changed: { n: 1 } } },
      { data: { changed: { n: 1 } } },
      { data: { alias: { n: 1 } } },
      { data: { changed: { n: 2 } } },
    ]);
    expect(executions.count).toBe(4);
  });

  it('lets go of the source at once when the client leaves, even while it waits for an event', async () => {
    const sources: Source[] = [];
    const stream = await subscribe(schemaOver(sources, { count: 0 }), 'subscription { changed { n } }');
    const waiting = stream.next();
    await stream.return!();
    expect(sources[0]!.released).toBe(true);
    expect(await waiting).toEqual({ done: true, value: undefined });
  });
});
