import type { IncomingHttpHeaders } from 'node:http';

/** What a request tells about where it came from: its headers and whether its socket is TLS. */
export interface RequestOrigin {
  headers: IncomingHttpHeaders;
  /** The connection to this server is TLS. */
  encrypted: boolean;
}

function first(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
}

/**
 * Whether the browser reached us over https: the socket's own protocol, or, only when the
 * server is configured to sit behind a proxy (TRUST_PROXY), the proxy's X-Forwarded-Proto.
 * Anyone can send that header; believed without a proxy, it would let a client choose.
 */
export function cameOverHttps(request: RequestOrigin, trustProxy: boolean): boolean {
  if (trustProxy) {
    const forwarded = first(request.headers['x-forwarded-proto']);
    if (forwarded) return forwarded.toLowerCase() === 'https';
  }
  return request.encrypted;
}

/**
 * A browser request whose page is not ours: an `Origin` other than this server's own (the scheme
 * the browser used and its Host) or PUBLIC_URL's, or `Sec-Fetch-Site: cross-site`. A request
 * without either header (a program, a same-origin navigation) is not foreign.
 */
export function isForeign(request: RequestOrigin, trustProxy: boolean, publicUrl: string | null): boolean {
  if (first(request.headers['sec-fetch-site']) === 'cross-site') return true;
  const origin = first(request.headers.origin);
  if (origin === undefined) return false;
  const host = first(request.headers.host);
  const allowed = new Set<string>();
  if (host) allowed.add(`${cameOverHttps(request, trustProxy) ? 'https' : 'http'}://${host}`.toLowerCase());
  if (publicUrl) allowed.add(new URL(publicUrl).origin.toLowerCase());
  return !allowed.has(origin.toLowerCase());
}
