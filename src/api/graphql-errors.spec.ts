import { GraphQLError } from 'graphql';
import { DomainError } from '../common/domain-error';
import { formatGraphQLError } from './graphql-errors';

describe('formatGraphQLError', () => {
  const logged: unknown[] = [];
  const format = (message: string, code: string | undefined, error: unknown) =>
    formatGraphQLError({ message, extensions: code ? { code } : {} }, error, (e) => logged.push(e));

  beforeEach(() => (logged.length = 0));

  it('drops the suggestions of validation errors, which would spell out the schema', () => {
    const message =
      'Cannot query field "conventionz" on type "Query". Did you mean "conventions" or "convention"?';
    expect(format(message, 'GRAPHQL_VALIDATION_FAILED', new GraphQLError(message))).toEqual({
      message: 'Cannot query field "conventionz" on type "Query".',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it("words graphql-js's token limit as our limit", () => {
    const message = 'Syntax Error: Document contains more that 1000 tokens. Parsing aborted.';
    expect(format(message, 'GRAPHQL_PARSE_FAILED', new GraphQLError(message)).message).toBe(
      'document exceeds the limit of 1,000 tokens (QUERY_MAX_TOKENS)',
    );
  });

  it("answers Apollo's refusal of a persisted-query hash as the client's fault, and logs nothing", () => {
    const mismatch = new GraphQLError('provided sha does not match query', {
      extensions: { http: { status: 400 } },
    });
    expect(format(mismatch.message, 'INTERNAL_SERVER_ERROR', mismatch)).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(logged).toEqual([]);
  });

  it('keeps the code and message of a refusal carried by a GraphQLError', () => {
    const refusal = new DomainError(
      'BAD_USER_INPUT',
      'query cost 12,400 exceeds the limit of 10,000 (QUERY_MAX_COST)',
    );
    const error = new GraphQLError(refusal.message, {
      originalError: refusal,
      extensions: { http: { status: 400 } },
    });
    expect(format(refusal.message, 'INTERNAL_SERVER_ERROR', error)).toEqual({
      message: refusal.message,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it("puts a refusal's reason and details next to its code", () => {
    const refusal = new DomainError(
      'INVALID_TRANSITION',
      'cannot give notice on this convention: too early',
      {
        reason: 'too early',
        details: { opensOn: '2011-03-20', closesOn: '2011-06-19' },
      },
    );
    expect(format(refusal.message, undefined, refusal)).toEqual({
      message: refusal.message,
      extensions: {
        code: 'INVALID_TRANSITION',
        reason: 'too early',
        details: { opensOn: '2011-03-20', closesOn: '2011-06-19' },
      },
    });
  });

  it('hides anything else behind INTERNAL_SERVER_ERROR and logs it', () => {
    const failure = new Error('disk full at /var/lib/x');
    expect(format('disk full at /var/lib/x', 'INTERNAL_SERVER_ERROR', failure)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logged).toEqual([failure]);
  });
});
