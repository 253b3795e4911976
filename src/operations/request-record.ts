/**
 * What the request's log line and metrics say beyond HTTP: who asked (the token id, never
 * its secret), which operation, and its outcome (a GraphQL error code, or OK). Filled in by
 * whoever learns it (the GraphQL context and plugin, the export controller, the rate limit).
 */
export interface RequestRecord {
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
    record = { tokenId: null, operation: null, rootField: null, code: null };
    records.set(request, record);
  }
  return record;
}
