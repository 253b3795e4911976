import { GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '../common/domain-error';

const CLIENT_ERRORS: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: 'BAD_USER_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'BAD_USER_INPUT',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_FOUND: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_USER_INPUT',
};

function originalOf(error: unknown): unknown {
  let current = error;
  // Apollo wraps resolver errors in GraphQLError, whose originalError is ours.
  while (current && typeof current === 'object' && 'originalError' in current && current.originalError) {
    current = current.originalError;
  }
  return current;
}

/**
 * The one place errors are mapped for clients: a DomainError keeps its code and message;
 * GraphQL's own input errors become BAD_USER_INPUT; anything else is logged and answered
 * with a bare INTERNAL_SERVER_ERROR, never a stack trace or an internal message.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (error: unknown) => void,
): GraphQLFormattedError {
  const original = originalOf(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERRORS[code]) {
    return { ...base, message: formatted.message, extensions: { code: CLIENT_ERRORS[code] } };
  }
  log(original);
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
