import { DateTime } from 'luxon';

/**
 * An instant as the convention's parties read it: ISO-8601 in its time zone, with the offset in
 * force on that day (`2010-06-23T22:30:00Z` in Europe/Paris is `2010-06-24T00:30:00+02:00`).
 * Every `…AtLocal` field of the API is written by this one function.
 */
export function localInstant(at: string, zone: string): string {
  const local = DateTime.fromISO(at, { zone: 'utc' }).setZone(zone);
  if (!local.isValid) throw new Error(`cannot write ${at} in ${zone}: ${local.invalidReason}`);
  return local.toISO({ suppressMilliseconds: true }) as string;
}

/** `localInstant`, null for an instant that has not happened (not signed yet, not settled…). */
export function localInstantOrNull(at: string | null | undefined, zone: string): string | null {
  return at ? localInstant(at, zone) : null;
}

/** The description of a `…AtLocal` field: what it is, for a client developer. */
export function localDescription(field: string, nullable = false): string {
  return (
    `\`${field}\` in the convention's time zone (its definition's \`timeZone\`), ISO-8601 with the offset in force ` +
    `that day (2010-06-24T00:30:00+02:00): its date part is the calendar day the parties count.` +
    (nullable ? ` Null when \`${field}\` is null.` : '')
  );
}

/** `T` with `<field>Local` beside each field of `K`: a string, or null where the instant may be null. */
type WithLocal<T, K extends keyof T & string> = T & {
  [P in K as `${P}Local`]: null extends T[P] ? string | null : string;
};

/**
 * Gives `target` a `<field>Local` beside each named instant field, for the resolvers to read.
 * They are getters, computed when a query asks for them: a list of conventions that does not
 * ask pays no zone arithmetic.
 */
export function withLocalInstants<T extends object, K extends keyof T & string>(
  target: T,
  fields: readonly K[],
  zone: string,
): WithLocal<T, K> {
  for (const field of fields) {
    Object.defineProperty(target, `${field}Local`, {
      enumerable: true,
      configurable: true,
      get: () => localInstantOrNull(target[field] as unknown as string | null, zone),
    });
  }
  return target as WithLocal<T, K>;
}
