import {
  DocumentNode,
  getNamedType,
  Kind,
  getNullableType,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  isListType,
  isObjectType,
} from 'graphql';
import {
  ComplexityEstimator,
  ComplexityEstimatorArgs,
  getComplexity,
  simpleEstimator,
} from 'graphql-query-complexity';
import { DEFAULT_PAGE } from '../page-size';

/**
 * Fields whose resolver does real work beyond reading a projected row, in units of one plain
 * field (measured: README.md, "Limits"). `allowedActions` runs the machine's guards; the audit
 * queries replay a whole history; proofs hash a path of the Merkle tree.
 */
const FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  'Convention.allowedActions': 10,
  'Commitment.allowedActions': 10,
  'Query.verifyHistory': 2_000,
  'Query.conventionAt': 1_000,
  'Query.eventProof': 200,
  'Query.consistencyProof': 200,
  'Mutation.publishCheckpoint': 200,
  // An SVG is written from a layout made once per definition version (0.5 ms); the preview
  // restores a copy of the machine and runs an event on it (README.md, "Limits").
  'Workflow.diagram': 100,
  'Convention.diagram': 100,
  'Query.noticePreview': 1_000,
};

/** Connections and paged lists: what is under them is paid once per requested item. */
const PAGED_FIELDS: Readonly<Record<string, number>> = {
  'Query.conventions': DEFAULT_PAGE,
  'Query.commitments': DEFAULT_PAGE,
  'Query.history': DEFAULT_PAGE,
  'Query.checkpoints': DEFAULT_PAGE,
  'Query.deadlines': 50,
  'Query.calendarFeeds': DEFAULT_PAGE,
  'Query.outbox': DEFAULT_PAGE,
  'Query.commitmentsByUrgency': DEFAULT_PAGE,
};

/**
 * Unpaged lists of objects are paid for this many items: about the commitments of the largest
 * definition, so the `Convention.commitments` ⇄ `Commitment.convention` cycle multiplies its
 * price by as much at each turn.
 */
export const LIST_ITEMS = 15;

/**
 * Introspection: `__Schema.types` at 10 items and the lists inside a type (fields, arguments,
 * enum values) at 3, so the full introspection query GraphiQL sends is priced 7,271 for the
 * 6,781 fields it resolves (README.md, "Limits").
 */
const INTROSPECTION_TYPES = 10;
const INTROSPECTION_LIST_ITEMS = 3;

function listItems(type: GraphQLCompositeType, field: GraphQLField<unknown, unknown>): number {
  if (!type.name.startsWith('__')) return LIST_ITEMS;
  return field.name === 'types' ? INTROSPECTION_TYPES : INTROSPECTION_LIST_ITEMS;
}

/**
 * The only argument an estimator below reads: what a request's variables can change of a
 * document's price goes through it (and through `@skip`/`@include`).
 */
const PRICED_ARGUMENT = 'first';

function pagedSize(args: Record<string, unknown>, fallback: number): number {
  const first = args[PRICED_ARGUMENT];
  return typeof first === 'number' && Number.isInteger(first) && first > 0 ? first : fallback;
}

const domainEstimator: ComplexityEstimator = ({
  type,
  field,
  args,
  childComplexity,
}: ComplexityEstimatorArgs) => {
  const key = `${type.name}.${field.name}`;
  const paged = PAGED_FIELDS[key];
  if (paged !== undefined) return 1 + pagedSize(args, paged) * childComplexity;
  // A connection's edges are its page, already paid for by `first`.
  if (field.name === 'edges' && type.name.endsWith('Connection')) return 1 + childComplexity;
  const weight = FIELD_WEIGHTS[key];
  if (weight !== undefined) return weight + childComplexity;
  const returned = getNullableType(field.type);
  if (isListType(returned) && isObjectType(getNamedType(returned))) {
    return 1 + listItems(type, field) * childComplexity;
  }
  return undefined;
};

/**
 * The estimated cost of the operation a request runs: one unit per field, the weights above,
 * and what is under a list multiplied by its length. Throws a GraphQLError when the document
 * cannot be priced (bad variables, more nodes than graphql-query-complexity evaluates).
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    operationName,
    estimators: [domainEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
}

/**
 * Whether a document's price may differ from one request's variables to the next: a variable
 * passed to a `first` argument, or to a directive (`@skip(if: $x)`, `@include(if: $x)`), anywhere
 * in it (its fragments included). Any other variable (an id, a filter, a mutation's input) leaves
 * the price as it is.
 */
export function priceDependsOnVariables(document: DocumentNode): boolean {
  const found = (node: unknown, priced: boolean): boolean => {
    if (Array.isArray(node)) return node.some((item) => found(item, priced));
    if (typeof node !== 'object' || node === null) return false;
    const ast = node as { kind?: string; name?: { value: string } } & Record<string, unknown>;
    if (ast.kind === Kind.VARIABLE) return priced;
    if (ast.kind === Kind.VARIABLE_DEFINITION) return found(ast.directives, true);
    if (ast.kind === Kind.DIRECTIVE) return found(ast.arguments, true);
    if (ast.kind === Kind.ARGUMENT) return found(ast.value, priced || ast.name?.value === PRICED_ARGUMENT);
    for (const key in ast) {
      if (key !== 'loc' && found(ast[key], priced)) return true;
    }
    return false;
  };
  return found(document.definitions, false);
}
