import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What an incoming `x-request-id` may be to be kept: short, and safe in a log line and a header. */
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id` when it is sane (a proxy's, to follow a request across), else a fresh one. */
export function requestIdOf(request: Pick<IncomingMessage, 'headers'>): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && SANE.test(incoming) ? incoming : randomUUID();
}
