/**
 * Orders strings by their UTF-16 code units, as `<` does: for identifiers and ISO 8601 dates and
 * instants, whose order is their characters'. Unlike `localeCompare`, it does not depend on the
 * server's locale, and it does not build an ICU collator (which maps some 2 MB of ICU's collation
 * data into the process: bench/README.md, "Findings (2026-12-06, later: idle memory)").
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
