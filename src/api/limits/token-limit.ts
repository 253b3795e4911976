import { DocumentNode, GraphQLError, parse } from 'graphql';
import { limitMessage } from './query-limits';

/** graphql-js stops parsing at `maxTokens` and says so in this message (spelt "more that" in 16.x). */
const TOO_MANY_TOKENS = /Document contains more tha[nt] (\d+) tokens/;

/** Our wording for graphql-js's own token-limit error, or null for any other syntax error. */
export function tokenLimitMessage(message: string): string | null {
  const limit = TOO_MANY_TOKENS.exec(message)?.[1];
  return limit ? limitMessage('document', Number(limit), 'QUERY_MAX_TOKENS', 'tokens') : null;
}

/** Parses, stopping at the token limit: an oversized document is never built in memory. */
export function parseWithTokenLimit(source: string, maxTokens: number): DocumentNode {
  try {
    return parse(source, { maxTokens });
  } catch (error) {
    const message = error instanceof GraphQLError ? tokenLimitMessage(error.message) : null;
    throw message ? new GraphQLError(message) : error;
  }
}
