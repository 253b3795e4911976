/** The closed set of error codes a client can receive (GraphQL `extensions.code`). */
export type ErrorCode =
  | 'FORBIDDEN'
  | 'INVALID_TRANSITION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  /** Too many requests from one token or address: answered with HTTP 429 and Retry-After. */
  | 'RATE_LIMITED';

/** A refusal the client caused; its message is safe to show. Anything else is internal. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
