import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../common/hash';

/** A feed key: 256 random bits, the only secret in a feed's URL. */
export function newFeedKey(): string {
  return `cvf_${randomBytes(32).toString('base64url')}`;
}

const KEY_FILE = /^(cvf_[A-Za-z0-9_-]{43})\.ics$/;

/** The key in `<key>.ics`, or null for anything that cannot be one. */
export function keyOfFile(file: string): string | null {
  return KEY_FILE.exec(file)?.[1] ?? null;
}

/** Keys are stored as their SHA-256, like tokens: a copy of the store opens no calendar. */
export function feedKeyHash(key: string): string {
  return sha256Hex(key);
}

/** A request path as it may be logged: a feed key is a secret, like a bearer token. */
export function withoutFeedKey(path: string): string {
  return path.replace(/^\/calendar\/[^/?#]*/, '/calendar/<key>.ics');
}
