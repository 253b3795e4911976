import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { limitMessage, QueryLimits } from './query-limits';
import { singleMutationRule } from './single-mutation.rule';

/** GraphQL Armor throws out of `validate` by default; report our message as a validation error instead. */
function refusal(message: string) {
  return {
    exposeLimits: false,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null) => context?.reportError(new GraphQLError(message))],
  };
}

/**
 * The validation rules every operation passes, over HTTP and over graphql-ws, with the
 * standard ones. They look at the document alone; the cost, which needs the variables, is
 * checked right after (operation-gate.ts).
 */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  return [
    // The introspection query GraphiQL sends is 15 deep; introspection is priced by its cost instead.
    maxDepthRule({
      n: limits.maxDepth,
      ignoreIntrospection: true,
      ...refusal(limitMessage('query depth', limits.maxDepth, 'QUERY_MAX_DEPTH')),
    }),
    maxAliasesRule({
      n: limits.maxAliases,
      ...refusal(limitMessage('number of aliases', limits.maxAliases, 'QUERY_MAX_ALIASES')),
    }),
    maxDirectivesRule({
      n: limits.maxDirectives,
      ...refusal(limitMessage('number of directives', limits.maxDirectives, 'QUERY_MAX_DIRECTIVES')),
    }),
    singleMutationRule,
  ];
}
