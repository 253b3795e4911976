import { Client, Pool } from 'pg';
import { ChangeFeed, ChangeListener, ConventionChange } from './change-feed';
import { InProcessChangeFeed } from './in-process-change-feed';

/** The NOTIFY channels every instance listens on. */
const CHANNEL = 'conventio_changes';
const DEFINITIONS_CHANNEL = 'conventio_definitions';
/** NOTIFY payloads must stay under 8,000 bytes: a long change goes as several. */
const MAX_PAYLOAD = 7_000;
const RECONNECT_MS = 1_000;

/**
 * Changes between API instances through PostgreSQL's LISTEN/NOTIFY: the database every
 * instance already shares, so scale-out needs no other service. Each instance keeps one
 * listening connection and hands what arrives (its own changes included) to its local
 * subscribers. A listener that loses its connection reconnects; what was notified meanwhile
 * is missed, which costs live updates, never data.
 */
export class PostgresChangeFeed implements ChangeFeed {
  private readonly local = new InProcessChangeFeed();
  private readonly definitionListeners = new Set<() => void>();
  private listener: Client | null = null;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly publisher: Pool,
  ) {}

  /** Whether the listening connection is up (false while it reconnects): the readiness check. */
  get connected(): boolean {
    return this.listener !== null;
  }

  static async connect(url: string): Promise<PostgresChangeFeed> {
    const feed = new PostgresChangeFeed(url, new Pool({ connectionString: url, max: 2 }));
    await feed.listen();
    return feed;
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'conventio-listener' });
    client.on('notification', (message) => {
      if (message.channel === DEFINITIONS_CHANNEL) {
        for (const listener of this.definitionListeners) listener();
        return;
      }
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        this.local.deliver(JSON.parse(message.payload) as ConventionChange);
      } catch (error) {
        console.error('change feed: unreadable notification:', error);
      }
    });
    client.on('error', (error) => {
      console.error('change feed: listener connection lost:', error.message);
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    await client.query(`LISTEN ${DEFINITIONS_CHANNEL}`);
    this.listener = client;
  }

  private reconnect(lost: Client): void {
    if (this.closed || this.listener !== lost) return;
    this.listener = null;
    lost.removeAllListeners();
    void lost.end().catch(() => undefined);
    const retry = () => {
      if (this.closed) return;
      this.listen().catch(() => setTimeout(retry, RECONNECT_MS).unref());
    };
    setTimeout(retry, RECONNECT_MS).unref();
  }

  async publish(change: ConventionChange): Promise<void> {
    for (const payload of payloads(change)) {
      await this.publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
    }
  }

  subscribe(listener: ChangeListener): () => void {
    return this.local.subscribe(listener);
  }

  async announceDefinitions(): Promise<void> {
    await this.publisher.query('SELECT pg_notify($1, $2)', [DEFINITIONS_CHANNEL, '']);
  }

  onDefinitions(listener: () => void): () => void {
    this.definitionListeners.add(listener);
    return () => this.definitionListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = null;
    listener?.removeAllListeners();
    this.definitionListeners.clear();
    await listener?.end().catch(() => undefined);
    await this.publisher.end();
    await this.local.close();
  }
}

/** The change as one payload, or split by commitments into several that each fit. */
function payloads(change: ConventionChange): string[] {
  const whole = JSON.stringify(change);
  if (Buffer.byteLength(whole) <= MAX_PAYLOAD || change.commitments.length <= 1) return [whole];
  const half = Math.ceil(change.commitments.length / 2);
  return [
    ...payloads({ ...change, commitments: change.commitments.slice(0, half) }),
    ...payloads({ ...change, commitments: change.commitments.slice(half) }),
  ];
}
