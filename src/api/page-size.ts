/** A connection's page when `first` is not given, and the largest one may ask for. */
export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;
