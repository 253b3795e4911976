/**
 * Bearer tokens found valid, by digest: a request counts against its token only once the
 * token is known to be real, so that made-up tokens count against their address instead of
 * each opening a bucket of its own. One lookup per new token; a revoked one stays known
 * (its requests are refused anyway, and count against it).
 */
export class KnownTokens {
  private readonly known = new Set<string>();

  constructor(
    private readonly isValid: (secret: string) => Promise<boolean>,
    private readonly capacity = 10_000,
  ) {}

  async isKnown(secret: string, digest: string): Promise<boolean> {
    if (this.known.has(digest)) return true;
    if (!(await this.isValid(secret))) return false;
    // Oldest first out: a Set iterates in insertion order.
    if (this.known.size >= this.capacity) this.known.delete(this.known.values().next().value as string);
    this.known.add(digest);
    return true;
  }
}
