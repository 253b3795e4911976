import { DEFAULT_QUERY_LIMITS, QueryLimits } from '../../config';

export { DEFAULT_QUERY_LIMITS };
export type { QueryLimits };

/** A number as the messages show it: 12,400. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** "query depth exceeds the limit of 10 (QUERY_MAX_DEPTH)": the limit, and how to change it. */
export function limitMessage(what: string, limit: number, variable: string, unit = ''): string {
  return `${what} exceeds the limit of ${formatCount(limit)}${unit && ` ${unit}`} (${variable})`;
}
