import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  validate,
} from 'graphql';
import { DomainError } from '../../common/domain-error';
import { Actor } from '../../machines/actor';
import { priceDependsOnVariables, queryCost } from './query-cost';
import { formatCount, QueryLimits } from './query-limits';

export interface GatedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
  actor: Actor | null;
}

export type Pricer = typeof queryCost;

/**
 * Prices of the documents no variable can reprice, by operation name ('' for a lone operation).
 * Apollo keeps one parsed document per query text, so a client repeating its queries (the
 * workspace, a script, a load) has each priced once instead of on every request (20–60 µs each;
 * bench/README.md, "Findings (2026-12-05, later: where a transition waits, issue 17)"). A
 * document whose price depends on its variables (`first: $n`, `@include(if: $x)`) is priced
 * on every request, as are the documents of websocket messages, parsed anew each time.
 */
export class OperationPrices {
  private readonly fixed = new WeakMap<
    DocumentNode,
    { schema: GraphQLSchema; byOperation: Map<string, number> } | null
  >();

  constructor(private readonly price: Pricer = queryCost) {}

  of(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | undefined,
  ): number {
    let fixed = this.fixed.get(document);
    if (fixed === undefined) {
      fixed = priceDependsOnVariables(document) ? null : { schema, byOperation: new Map() };
      this.fixed.set(document, fixed);
    }
    if (!fixed || fixed.schema !== schema) return this.price(schema, document, variables, operationName);
    const key = operationName ?? '';
    let cost = fixed.byOperation.get(key);
    if (cost === undefined) {
      // Priced with this request's variables: a document they cannot price throws and is not
      // kept, so the next request's variables price it again. Once kept, variables the price
      // does not read are left to execution to check (BAD_USER_INPUT there too).
      cost = this.price(schema, document, variables, operationName);
      fixed.byOperation.set(key, cost);
    }
    return cost;
  }
}

const PRICES = new OperationPrices();

/**
 * What refuses a validated operation before it runs, or null: introspection without a token,
 * then a cost over the limit. Pure computation on the document: no resolver, no database.
 */
export function operationRefusal(
  operation: GatedOperation,
  limits: QueryLimits,
  prices: OperationPrices = PRICES,
): DomainError | null {
  const { schema, document, variables, operationName, actor } = operation;
  if (!actor && validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0) {
    return new DomainError('UNAUTHENTICATED', 'introspection (__schema, __type) needs a valid bearer token');
  }
  let cost: number;
  try {
    cost = prices.of(schema, document, variables, operationName);
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
