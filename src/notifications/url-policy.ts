import { isIP } from 'node:net';

/** Whether a URL may receive webhooks: http(s) only, with no credentials in it. */
export function isWebhookUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/**
 * Addresses of this server itself that a webhook must not reach unless allowed: loopback and
 * link-local (cloud metadata services live there), in IPv4, IPv6 and IPv4-mapped IPv6.
 */
export function isLocalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped ? mapped[1]! : address;
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number) as [number, number];
    return a === 127 || a === 0 || (a === 169 && b === 254);
  }
  if (isIP(ip) === 6) {
    const lower = ip.toLowerCase();
    return lower === '::1' || lower === '::' || /^fe[89ab]/.test(lower);
  }
  return false;
}

/** A host that names this server without a lookup: `localhost`, or a local literal address. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || isLocalAddress(host);
}
