import { createSourceEventStream, execute, ExecutionArgs, ExecutionResult, print } from 'graphql';

/** Per event object, the executions already started for it, by operation. */
const executions = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * graphql-js `subscribe`, except that subscriptions handed the very same event object for the
 * same operation (text, variables, operation name) share one execution of it. LiveUpdates hands
 * the subscriptions of one token the same event for one read (and different tokens different
 * ones), so a token's identical subscriptions cost one execution per change, whatever their
 * number. `return()` reaches the source at once, even while it waits for a change.
 */
export async function sharedSubscribe(
  args: ExecutionArgs,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable<unknown>(source)) return source;
  const operation = `${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}\n${print(args.document)}`;
  const iterator = source[Symbol.asyncIterator]();
  const run = (event: unknown): Promise<ExecutionResult> => {
    if (typeof event !== 'object' || event === null)
      return Promise.resolve(execute({ ...args, rootValue: event }));
    let started = executions.get(event);
    if (!started) executions.set(event, (started = new Map()));
    let result = started.get(operation);
    if (!result) {
      result = Promise.resolve(execute({ ...args, rootValue: event }));
      started.set(operation, result);
    }
    return result;
  };
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    async next(): Promise<IteratorResult<ExecutionResult>> {
      const step = await iterator.next();
      return step.done ? { done: true, value: undefined } : { done: false, value: await run(step.value) };
    },
    async return(): Promise<IteratorResult<ExecutionResult>> {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}
