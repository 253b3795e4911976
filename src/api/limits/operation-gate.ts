import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  validate,
} from 'graphql';
import { DomainError } from '../../common/domain-error';
import { Actor } from '../../machines/actor';
import { queryCost } from './query-cost';
import { formatCount, QueryLimits } from './query-limits';

export interface GatedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
  actor: Actor | null;
}

/**
 * What refuses a validated operation before it runs, or null: introspection without a token,
 * then a cost over the limit. Pure computation on the document: no resolver, no database.
 */
export function operationRefusal(operation: GatedOperation, limits: QueryLimits): DomainError | null {
  const { schema, document, variables, operationName, actor } = operation;
  if (!actor && validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0) {
    return new DomainError('UNAUTHENTICATED', 'introspection (__schema, __type) needs a valid bearer token');
  }
  let cost: number;
  try {
    cost = queryCost(schema, document, variables, operationName);
  } catch (error) {
    if (error instanceof GraphQLError) return new DomainError('BAD_USER_INPUT', error.message);
    throw error;
  }
  if (cost > limits.maxCost) {
    return new DomainError(
      'BAD_USER_INPUT',
      `query cost ${formatCount(cost)} exceeds the limit of ${formatCount(limits.maxCost)} (QUERY_MAX_COST)`,
    );
  }
  return null;
}

/**
 * The refusal as the GraphQL error both transports answer with (graphql-errors.ts maps it); over
 * HTTP with the status of a request refused before execution, where Apollo would answer 500.
 */
export function refusalError(refusal: DomainError): GraphQLError {
  const status = refusal.code === 'UNAUTHENTICATED' ? 401 : 400;
  return new GraphQLError(refusal.message, { originalError: refusal, extensions: { http: { status } } });
}
