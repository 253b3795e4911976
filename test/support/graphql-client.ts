/** A GraphQL answer as it comes over HTTP: data, errors with their code, extensions. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
  extensions?: Record<string, unknown>;
}

/**
 * GraphQL over HTTP, as any client of the API sends it (fetch keeps the connections alive).
 * Used by the end-to-end specs and the benchmarks alike.
 */
export class GraphQLClient {
  constructor(readonly url: string) {}

  async request<T = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  /** A query that must succeed; returns its data. */
  async ok<T = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const result = await this.request<T>(token, query, variables);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    }
    return result.data;
  }
}

/** The error code of a response that must have failed. */
export function errorCode(result: GraphQLResponse<unknown>): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
