import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';

/**
 * The session is an HttpOnly cookie the browser sends by itself: nothing secret lives in the page.
 * Apollo's CSRF rule lets a request through when it cannot be a simple cross-site form post, hence
 * the JSON content type and the preflight header on every request.
 */
export const PREFLIGHT_HEADERS = {
  'content-type': 'application/json',
  'apollo-require-preflight': 'true',
};

export function createGraphQLClient(onUnauthenticated: () => void): Client {
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const ws = createWsClient({
    url: wsUrl,
    lazy: true,
    retryAttempts: 3,
    on: {
      closed: (event) => {
        // 4401 / 4403: the session ended (revoked or expired) while a subscription ran.
        const code = (event as { code?: number } | undefined)?.code;
        if (code === 4401 || code === 4403) onUnauthenticated();
      },
    },
  });
  return new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({ credentials: 'same-origin', headers: PREFLIGHT_HEADERS }),
    exchanges: [
      // A revoked token or an expired session answers UNAUTHENTICATED: back to sign-in.
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
    ],
  });
}

export interface SessionViewer {
  id: string;
  name: string;
  role: 'ADMIN' | 'AUDITOR' | 'REPRESENTATIVE' | 'SYSTEM';
  partyId: string | null;
}

async function viewerFrom(response: Response): Promise<SessionViewer | null> {
  if (!response.ok) return null;
  const body = (await response.json()) as { actor?: SessionViewer };
  return body.actor ?? null;
}

/** The signed-in viewer, or null when no session cookie is valid. */
export async function currentSession(): Promise<SessionViewer | null> {
  const response = await fetch('/auth/session', { credentials: 'same-origin' });
  return viewerFrom(response);
}

/** Exchanges a token for a session cookie; the token is not kept anywhere in the page. */
export async function signIn(token: string): Promise<SessionViewer | null> {
  const response = await fetch('/auth/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: PREFLIGHT_HEADERS,
    body: JSON.stringify({ token }),
  });
  return viewerFrom(response);
}

/** Ends the session on the server (no body: a JSON content type without one would be refused). */
export async function signOut(): Promise<void> {
  const response = await fetch('/auth/session', { method: 'DELETE', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`sign-out failed (${response.status})`);
}

/** The engine's reason for a refusal, in the words it gives (message and extensions.reason). */
export function refusalText(error: {
  graphQLErrors?: { message: string; extensions?: Record<string, unknown> }[];
  message: string;
}): string {
  const first = error.graphQLErrors?.[0];
  if (!first) return error.message;
  const reason = first.extensions?.['reason'];
  return typeof reason === 'string' && reason !== first.message
    ? `${first.message} (${reason})`
    : first.message;
}

export function isUnauthenticated(
  error: { graphQLErrors?: { extensions?: Record<string, unknown> }[] } | undefined,
): boolean {
  return !!error?.graphQLErrors?.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED');
}
