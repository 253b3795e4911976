import canonicalize from 'canonicalize';

/** RFC 8785 canonical JSON: key order and number formatting never change a hash. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value cannot be serialised as canonical JSON');
  return text;
}
