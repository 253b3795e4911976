import { ASTVisitor, GraphQLError, Kind, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';

/** Root fields of a mutation, through its fragments; `__typename` runs nothing. */
function mutationFields(context: ValidationContext, set: SelectionSetNode, seen: Set<string>): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += mutationFields(context, selection.selectionSet, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += mutationFields(context, fragment.selectionSet, seen);
    }
  }
  return count;
}

/**
 * One mutation per operation. GraphQL runs a document's mutations one after the other and a
 * refusal of any of them nulls the whole (non-null) answer, so a client could not tell which
 * of the others committed: refused before anything runs instead.
 */
export const singleMutationRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(node) {
    if (node.operation !== 'mutation') return;
    const count = mutationFields(context, node.selectionSet, new Set());
    if (count > 1) {
      context.reportError(
        new GraphQLError(
          `an operation may run one mutation, found ${count}: send each in its own request to learn what each did`,
          { nodes: node },
        ),
      );
    }
  },
});
