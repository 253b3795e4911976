import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '../common/domain-error';
import { tokenLimitMessage } from './limits/token-limit';

const CLIENT_ERRORS: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: 'BAD_USER_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'BAD_USER_INPUT',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_FOUND: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_USER_INPUT',
};

/** graphql-js's hints: ` Did you mean "conventions"?`. */
const SUGGESTION = / Did you mean .+\?$/;

function clientMessage(message: string): string {
  return tokenLimitMessage(message) ?? message.replace(SUGGESTION, '');
}

/**
 * Apollo refuses a malformed request (a persisted-query hash that does not match its query)
 * with a bare GraphQLError carrying a 4xx HTTP status and no code: the client's fault.
 */
function isRequestRefusal(error: unknown): error is GraphQLError {
  const status = error instanceof GraphQLError && !error.originalError ? httpStatusOf(error) : undefined;
  return status !== undefined && status >= 400 && status < 500;
}

function httpStatusOf(error: GraphQLError): number | undefined {
  const http = error.extensions.http;
  return typeof http === 'object' && http !== null && 'status' in http && typeof http.status === 'number'
    ? http.status
    : undefined;
}

function originalOf(error: unknown): unknown {
  let current = error;
  // Apollo wraps resolver errors in GraphQLError, whose originalError is ours.
  while (current && typeof current === 'object' && 'originalError' in current && current.originalError) {
    current = current.originalError;
  }
  return current;
}

/** The code, and for a refusal of the rules its reason and details, next to it. */
function domainExtensions(error: DomainError): Record<string, unknown> {
  const extensions: Record<string, unknown> = { code: error.code };
  if (error.reason !== undefined) extensions.reason = error.reason;
  if (error.details !== undefined) extensions.details = error.details;
  return extensions;
}

/**
 * The one place errors are mapped for clients: a DomainError keeps its code, message and reason;
 * GraphQL's and Apollo's own refusals of the request become BAD_USER_INPUT, without the
 * suggestions of field or type names that would spell out the schema to callers that may not
 * introspect it; anything else is logged and answered with a bare INTERNAL_SERVER_ERROR,
 * never a stack trace or an internal message.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (error: unknown) => void,
): GraphQLFormattedError {
  const original = originalOf(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: domainExtensions(original) };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERRORS[code]) {
    return { ...base, message: clientMessage(formatted.message), extensions: { code: CLIENT_ERRORS[code] } };
  }
  if (isRequestRefusal(original)) {
    return { ...base, message: original.message, extensions: { code: 'BAD_USER_INPUT' } };
  }
  log(original);
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
