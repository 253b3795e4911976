import {
  execute,
  ExecutionArgs,
  ExecutionResult,
  GraphQLError,
  specifiedRules,
  subscribe,
  validate,
} from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { Actor } from '../../machines/actor';
import { limitRules } from './limit-rules';
import { operationRefusal, refusalError } from './operation-gate';
import { QueryLimits } from './query-limits';
import { parseWithTokenLimit } from './token-limit';

function actorOf(contextValue: unknown): Actor | null {
  if (typeof contextValue !== 'object' || contextValue === null || !('actor' in contextValue)) return null;
  return (contextValue.actor as Actor | null) ?? null;
}

function refusalOf(args: ExecutionArgs, limits: QueryLimits): ExecutionResult | null {
  const refusal = operationRefusal(
    {
      schema: args.schema,
      document: args.document,
      variables: args.variableValues ?? undefined,
      operationName: args.operationName ?? undefined,
      actor: actorOf(args.contextValue),
    },
    limits,
  );
  return refusal && { errors: [refusalError(refusal)] };
}

/**
 * graphql-ws options that hold operations on a websocket (subscriptions, and the queries and
 * mutations graphql-ws also carries) to the limits HTTP requests meet: the same rules in
 * validation, and the operation gate once the context (the token) is known, before execution.
 */
export function webSocketLimits(
  limits: QueryLimits,
  subscribeWith: NonNullable<ServerOptions['subscribe']> = subscribe,
): Pick<ServerOptions, 'parse' | 'validate' | 'execute' | 'subscribe'> {
  const rules = [...specifiedRules, ...limitRules(limits)];
  return {
    parse: (source) =>
      parseWithTokenLimit(typeof source === 'string' ? source : source.body, limits.maxTokens),
    validate: (schema, document) => validate(schema, document, rules),
    execute: (args) => refusalOf(args, limits) ?? execute(args),
    subscribe: (args) => refusalOf(args, limits) ?? subscribeWith(args),
  };
}

/** A refused parse as graphql-ws's `onSubscribe` answers it (instead of closing the socket). */
export function parseRefusal(query: string, limits: QueryLimits): GraphQLError[] | undefined {
  try {
    parseWithTokenLimit(query, limits.maxTokens);
    return undefined;
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
}
