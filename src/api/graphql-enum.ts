/**
 * A GraphQL enum of one of the domain's unions, from the domain's own list of values: each
 * value is named in upper snake case ('one-off' → ONE_OFF, 'admin' → ADMIN) and resolves to
 * the domain value itself.
 */
export function graphqlEnum<V extends string>(values: readonly V[]): Record<string, V> {
  return Object.fromEntries(values.map((value) => [value.toUpperCase().replace(/-/g, '_'), value]));
}
