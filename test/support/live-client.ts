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
  /** The errors (or close event) the subscription failed with, if it did. */
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
        error: (error) => this.record(() => (this.failure = error)),
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
    if (!message) throw new Error(`subscription ended without a message: ${JSON.stringify(this.failure)}`);
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

/**
 * A graphql-ws client of a ConventioProcess (the same `/graphql` URL, ws:// instead of http://)
 * authenticated with `connectionParams: { authorization: 'Bearer <token>' }`.
 */
export class LiveClient {
  private constructor(private readonly client: Client) {}

  static async connect(
    httpUrl: string,
    token: string | null,
    options: { param?: 'authorization' | 'Authorization' } = {},
  ): Promise<LiveClient> {
    const client = createClient({
      url: httpUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: token ? { [options.param ?? 'authorization']: `Bearer ${token}` } : {},
      lazy: false,
      retryAttempts: 0,
    });
    await new Promise<void>((resolve, reject) => {
      const offConnected = client.on('connected', () => {
        offConnected();
        offClosed();
        resolve();
      });
      const offClosed = client.on('closed', (event) => {
        offConnected();
        offClosed();
        const { code, reason } = event as { code?: number; reason?: string };
        reject(new Error(`websocket closed before it was acknowledged: ${code} ${reason}`));
      });
    });
    return new LiveClient(client);
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

/** Lets messages already on their way arrive, before checking that one did not. */
export function grace(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
