import { DomainError } from '../common/domain-error';
import { DEFAULT_PAGE, MAX_PAGE } from './page-size';
import { decodeCursor } from './mapping';

export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw new DomainError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE}`);
  }
  return size;
}

export function cursor<T>(after: string | null | undefined, valid: (value: unknown) => value is T): T | null {
  if (after === null || after === undefined) return null;
  const decoded = decodeCursor(after, valid);
  if (!decoded) throw new DomainError('BAD_USER_INPUT', 'after is not a cursor returned by this connection');
  return decoded;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
