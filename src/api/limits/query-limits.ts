/** What one GraphQL operation may ask for; each is refused above its limit, before execution. */
export interface QueryLimits {
  /** Nesting of selections (QUERY_MAX_DEPTH). */
  maxDepth: number;
  /** Aliased fields in one operation (QUERY_MAX_ALIASES). */
  maxAliases: number;
  /** Lexical tokens of the whole document (QUERY_MAX_TOKENS), counted while parsing. */
  maxTokens: number;
  /** Directives in one operation (QUERY_MAX_DIRECTIVES). */
  maxDirectives: number;
  /** Estimated cost (QUERY_MAX_COST): see query-cost.ts for what each field weighs. */
  maxCost: number;
}

/** Measured defaults: README.md, "Limits". */
export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 8,
  maxAliases: 30,
  maxTokens: 1_000,
  maxDirectives: 10,
  maxCost: 10_000,
};

/** A number as the messages show it: 12,400. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** "query depth exceeds the limit of 10 (QUERY_MAX_DEPTH)": the limit, and how to change it. */
export function limitMessage(what: string, limit: number, variable: string, unit = ''): string {
  return `${what} exceeds the limit of ${formatCount(limit)}${unit && ` ${unit}`} (${variable})`;
}
