import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { LookupFunction } from 'node:net';
import { isLocalAddress, isLocalHost } from './url-policy';
import { sign } from './webhook-signature';

export interface WebhookDelivery {
  url: string;
  id: string;
  body: string;
  secret: string;
  /** Wall clock, in seconds. */
  timestamp: number;
}

/** How long a receiver has to answer. */
const TIMEOUT_MS = 10_000;

/**
 * POSTs a signed delivery (Standard Webhooks headers). A 2xx answer is success; anything else,
 * or no answer in time, is a failure to retry. Unless allowed, every address the host resolves
 * to is checked at connection time, so a name cannot lead a delivery to this server itself.
 */
export class WebhookSender {
  constructor(private readonly allowLocal: boolean) {}

  async send(delivery: WebhookDelivery): Promise<void> {
    const url = new URL(delivery.url);
    // A literal address is never looked up, so it is checked here.
    if (!this.allowLocal && isLocalHost(url.hostname)) throw new Error(`${url.hostname} is a local address`);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    await new Promise<void>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          timeout: TIMEOUT_MS,
          lookup: this.allowLocal ? undefined : guardedLookup,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(delivery.body),
            'user-agent': 'Conventio-Webhooks',
            'webhook-id': delivery.id,
            'webhook-timestamp': String(delivery.timestamp),
            'webhook-signature': sign(delivery.secret, delivery.id, delivery.timestamp, delivery.body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new Error(`receiver answered HTTP ${status}`));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(delivery.body);
    });
  }
}

/** `dns.lookup` that fails when any address of the name is local. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const local = addresses.find((a) => isLocalAddress(a.address));
    if (local) return callback(new Error(`${hostname} resolves to a local address`), '', 0);
    if (options.all) return callback(null, addresses as unknown as string, 0);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};
