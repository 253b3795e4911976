/** One page of a keyset-paginated read. */
export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}
