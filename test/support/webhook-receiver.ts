import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  /** What this receiver answered. */
  status: number;
}

/**
 * A real HTTP receiver for webhooks. It records every request and answers 500 to the first
 * `failFirst` ones. Signatures are checked here with a separate implementation of the Standard
 * Webhooks scheme, not the server's.
 */
export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  failFirst = 0;
  /** How long each answer takes. */
  delayMs = 0;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const failing = receiver!.deliveries.length < receiver!.failFirst;
        const status = failing ? 500 : 204;
        receiver!.deliveries.push({
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          status,
        });
        res.statusCode = status;
        setTimeout(() => res.end(), receiver!.delayMs);
      });
    });
    receiver = new WebhookReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** Accepted deliveries (2xx), once per webhook-id as a receiver deduplicating would keep them. */
  accepted(): Delivery[] {
    return this.deliveries.filter((d) => d.status < 300);
  }

  async waitFor(count: number, timeoutMs = 10_000): Promise<Delivery[]> {
    const until = Date.now() + timeoutMs;
    while (this.accepted().length < count) {
      if (Date.now() > until)
        throw new Error(`expected ${count} accepted deliveries, got ${this.accepted().length}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.accepted();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Standard Webhooks verification, written from the specification. */
export function signatureValid(secret: string, delivery: Delivery): boolean {
  const id = String(delivery.headers['webhook-id']);
  const timestamp = String(delivery.headers['webhook-timestamp']);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${delivery.body}`).digest('base64');
  return String(delivery.headers['webhook-signature'])
    .split(' ')
    .some((entry) => entry === `v1,${expected}`);
}
