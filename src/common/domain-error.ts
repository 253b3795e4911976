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

/** Why a command was refused, apart from the sentence: for clients that act on it. */
export interface RefusalReason {
  reason: string;
  details?: Record<string, unknown>;
}

/** A refusal the client caused; its message is safe to show. Anything else is internal. */
export class DomainError extends Error {
  readonly reason: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    why?: RefusalReason,
  ) {
    super(message);
    this.name = 'DomainError';
    this.reason = why?.reason;
    this.details = why?.details;
  }
}
