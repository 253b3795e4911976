import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { GraphQLResponse } from './conventio-process';

/**
 * How long a test waits after subscribing before it writes: graphql-ws does not acknowledge a
 * subscribe, and a change committed before the server listens is not delivered.
 */
export const SETTLE_MS = 300;

type Errors = NonNullable<GraphQLResponse['errors']>;

/** One subscription: collects what arrives; `next()` awaits the next message not yet taken. */
export class LiveSubscription<T> {
  readonly messages: GraphQLResponse<T>[] = [];
  /** The errors, the Error, or how the websocket closed (a Closure), that the subscription failed with, if it did. */
  failure: Errors | unknown = null;
  completed = false;
  private taken = 0;
  private notify: (() => void)[] = [];
  private readonly unsubscribe: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown>) {
    this.unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (message) => this.record(() => this.messages.push(message as GraphQLResponse<T>)),
        // A close event's code and reason are getters (JSON.stringify would print `{}`): kept as values.
        error: (error) => this.record(() => (this.failure = isCloseEvent(error) ? closureOf(error) : error)),
        complete: () => this.record(() => (this.completed = true)),
      },
    );
  }

  get ended(): boolean {
    return this.completed || this.failure !== null;
  }

  /** The next message not yet taken; fails after `timeoutMs` (or when the subscription ended without one). */
  async next(timeoutMs = 1_000): Promise<GraphQLResponse<T>> {
    await this.until(() => this.messages.length > this.taken || this.ended, timeoutMs, 'a message');
    const message = this.messages[this.taken];
    if (!message) throw new Error(`subscription ended without a message: ${describeFailure(this.failure)}`);
    this.taken += 1;
    return message;
  }

  /** Takes messages until one whose data satisfies `accept`, and returns that data. */
  async nextMatching(accept: (data: T) => boolean, timeoutMs = 2_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = await this.next(Math.max(0, deadline - Date.now()));
      if (message.data && accept(message.data)) return message.data;
    }
  }

  /** Waits until the subscription completed or failed. */
  async end(timeoutMs = 1_000): Promise<void> {
    await this.until(() => this.ended, timeoutMs, 'the end of the subscription');
  }

  /** Messages that arrived and were not taken. */
  get untaken(): GraphQLResponse<T>[] {
    return this.messages.slice(this.taken);
  }

  stop(): void {
    this.unsubscribe();
  }

  private record(update: () => void): void {
    update();
    const waiting = this.notify;
    this.notify = [];
    for (const wake of waiting) wake();
  }

  private until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return false;
        clearTimeout(timer);
        resolve();
        return true;
      };
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
      const wait = () => {
        if (!check()) this.notify.push(wait);
      };
      wait();
    });
  }
}

/** How a websocket closed. */
export interface Closure {
  code: number;
  reason: string;
}

/** What graphql-ws hands a sink when the websocket closed under it, rather than errors or an Error. */
function isCloseEvent(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    !Array.isArray(error) &&
    !(error instanceof Error) &&
    typeof (error as { code?: unknown }).code === 'number'
  );
}

function closureOf(event: unknown): Closure {
  const { code, reason } = event as { code?: number; reason?: string };
  return { code: code ?? 0, reason: reason ?? '' };
}

/**
 * A graphql-ws client of a ConventioProcess (the same `/graphql` URL, ws:// instead of http://)
 * authenticated with `connectionParams: { authorization: 'Bearer <token>' }`.
 */
export class LiveClient {
  /** How the server closed the websocket, once it did (or the client did). */
  closure: Closure | null = null;
  private closeWaiters: (() => void)[] = [];

  private constructor(private readonly client: Client) {
    client.on('closed', (event) => {
      this.closure = closureOf(event);
      for (const wake of this.closeWaiters.splice(0)) wake();
    });
  }

  static async connect(
    httpUrl: string,
    token: string | null,
    options: { param?: 'authorization' | 'Authorization' } = {},
  ): Promise<LiveClient> {
    const client = LiveClient.create(httpUrl, token, options.param);
    const acknowledged = await LiveClient.acknowledged(client);
    if (acknowledged !== true) {
      throw new Error(
        `websocket closed before it was acknowledged: ${acknowledged.code} ${acknowledged.reason}`,
      );
    }
    return new LiveClient(client);
  }

  /** Connects a websocket the server must refuse at `connection_init`; returns how it closed it. */
  static async refused(httpUrl: string, token: string | null): Promise<Closure> {
    const client = LiveClient.create(httpUrl, token);
    const acknowledged = await LiveClient.acknowledged(client);
    await client.dispose();
    if (acknowledged === true) throw new Error('the server acknowledged the connection');
    return acknowledged;
  }

  private static create(httpUrl: string, token: string | null, param = 'authorization'): Client {
    return createClient({
      url: httpUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: token ? { [param]: `Bearer ${token}` } : {},
      lazy: false,
      retryAttempts: 0,
      // A close is observed through the `closed` event, not logged.
      onNonLazyError: () => undefined,
    });
  }

  private static acknowledged(client: Client): Promise<true | Closure> {
    return new Promise((resolve) => {
      const offConnected = client.on('connected', () => {
        offConnected();
        offClosed();
        resolve(true);
      });
      const offClosed = client.on('closed', (event) => {
        offConnected();
        offClosed();
        resolve(closureOf(event));
      });
    });
  }

  /** Waits until the websocket is closed; fails after `timeoutMs`. */
  async closed(timeoutMs = 1_000): Promise<Closure> {
    if (!this.closure) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`websocket still open after ${timeoutMs} ms`)),
          timeoutMs,
        );
        this.closeWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closure!;
  }

  /** Subscribes without waiting (for many subscriptions at once; `grace()` before writing). */
  subscribeNow<T>(query: string, variables: Record<string, unknown> = {}): LiveSubscription<T> {
    return new LiveSubscription<T>(this.client, query, variables);
  }

  /** Subscribes, then waits SETTLE_MS so that the server listens before the test writes. */
  async subscribe<T>(query: string, variables: Record<string, unknown> = {}): Promise<LiveSubscription<T>> {
    const subscription = new LiveSubscription<T>(this.client, query, variables);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return subscription;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

function describeFailure(failure: unknown): string {
  if (failure instanceof Error) return `${failure.name}: ${failure.message}`;
  if (failure === null) return 'it completed';
  return JSON.stringify(failure);
}

/** Lets messages already on their way arrive, before checking that one did not. */
export function grace(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
