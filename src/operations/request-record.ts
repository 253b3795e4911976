/**
 * What the request's log line and metrics say beyond HTTP: who asked (the token id, never
 * its secret), which operation, and its outcome (a GraphQL error code, or OK). Filled in by
 * whoever learns it (the GraphQL context and plugin, the export controller, the rate limit).
 */
export interface RequestRecord {
  /** The HTTP request's id (null for a websocket operation). */
  requestId: string | null;
  tokenId: string | null;
  /** The operation name the client gave. */
  operation: string | null;
  /** `query conventions`, `mutation signConvention`: bounded by the schema, so fit for metric labels. */
  rootField: string | null;
  code: string | null;
}

const records = new WeakMap<object, RequestRecord>();

/** The record of an HTTP request (any object standing for one request), created on first use. */
export function recordOf(request: object): RequestRecord {
  let record = records.get(request);
  if (!record) {
    record = { requestId: null, tokenId: null, operation: null, rootField: null, code: null };
    records.set(request, record);
  }
  return record;
}

const failedRequests = new WeakMap<object, string>();

/**
 * Marks an error (and the errors it wraps) with the id of the request it failed, so that its
 * log line, written where errors are mapped (which knows no request), names the request.
 */
export function tagFailure(error: unknown, requestId: string): void {
  let current = error;
  while (current !== null && typeof current === 'object' && !failedRequests.has(current)) {
    failedRequests.set(current, requestId);
    current = 'originalError' in current ? current.originalError : null;
  }
}

/** The id of the request an error failed, when it was tagged. */
export function failedRequestOf(error: unknown): string | undefined {
  return error !== null && typeof error === 'object' ? failedRequests.get(error) : undefined;
}
