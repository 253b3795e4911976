/**
 * Rendered feeds by ETag, least recently used dropped first, within a byte budget: calendar
 * clients that send no conditional request get the same bytes without a second rendering.
 */
export class BodyCache {
  private readonly bodies = new Map<string, string>();
  private size = 0;

  constructor(private readonly budget: number) {}

  get(tag: string): string | undefined {
    const body = this.bodies.get(tag);
    if (body !== undefined) {
      this.bodies.delete(tag);
      this.bodies.set(tag, body);
    }
    return body;
  }

  set(tag: string, body: string): void {
    if (body.length > this.budget || this.bodies.has(tag)) return;
    this.bodies.set(tag, body);
    this.size += body.length;
    for (const [oldest, dropped] of this.bodies) {
      if (this.size <= this.budget) break;
      this.bodies.delete(oldest);
      this.size -= dropped.length;
    }
  }
}
