import { DomainError } from '../common/domain-error';
import { checkArguments, MAX_ITEMS, MAX_LINE, MAX_TEXT, MAX_URL } from './input-rules';

function refusal(args: Record<string, unknown>): string {
  try {
    checkArguments(args);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'BAD_USER_INPUT') return error.message;
    throw error;
  }
  throw new Error('accepted');
}

describe('checkArguments', () => {
  it('accepts ordinary input, with newlines and tabs in free text', () => {
    expect(() =>
      checkArguments({
        input: {
          commitmentId: 'c1:amf-relays-information',
          note: 'Relais effectué.\n\tVoir le compte rendu — « ok ».',
          evidenceUrl: 'https://example.org/compte-rendu?id=1',
          idempotencyKey: 'k-1',
        },
        filter: { dueBefore: '2012-02-29' },
        first: 20,
      }),
    ).not.toThrow();
  });

  it('refuses free text longer than the limit, naming the field', () => {
    expect(refusal({ input: { note: 'x'.repeat(1_000_000) } })).toBe(
      `input.note: at most ${MAX_TEXT} characters (got 1000000)`,
    );
    expect(() => checkArguments({ input: { note: 'x'.repeat(MAX_TEXT) } })).not.toThrow();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(() => checkArguments({ input: { title: '😀'.repeat(MAX_LINE) } })).not.toThrow();
    expect(refusal({ input: { title: '😀'.repeat(MAX_LINE + 1) } })).toMatch(/^input\.title: at most 200/);
  });

  it('bounds titles, keys and ids to a line, and links to their own limit', () => {
    expect(refusal({ input: { title: 't'.repeat(MAX_LINE + 1) } })).toMatch(/^input\.title: at most 200 /);
    expect(refusal({ input: { idempotencyKey: 'k'.repeat(201) } })).toMatch(/^input\.idempotencyKey:/);
    expect(refusal({ id: 'i'.repeat(201) })).toMatch(/^id: at most 200 /);
    expect(refusal({ input: { evidenceUrl: `https://e.org/${'a'.repeat(MAX_URL)}` } })).toMatch(
      /^input\.evidenceUrl: at most 2000 /,
    );
  });

  it.each([
    ['NUL', '\u0000'],
    ['bell', '\u0007'],
    ['an ANSI escape', '\u001b[31m'],
    ['carriage return', '\r'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u009b'],
    ['a right-to-left override', '\u202e'],
    ['a left-to-right embedding', '\u202a'],
    ['a first-strong isolate', '\u2068'],
    ['a pop directional isolate', '\u2069'],
  ])('refuses %s in free text, naming the character', (_name, character) => {
    const code = character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    expect(refusal({ input: { reason: `avant${character}après` } })).toBe(
      `input.reason: control or bidirectional formatting character U+${code} (at 5) refused; only newline and tab are allowed`,
    );
  });

  it('refuses a lone surrogate, in a key or in free text, and keeps pairs (emoji)', () => {
    expect(refusal({ input: { idempotencyKey: 'mark-\ud800' } })).toBe(
      'input.idempotencyKey: lone UTF-16 surrogate U+D800 (at 5) refused; text must be well-formed Unicode',
    );
    expect(refusal({ input: { note: 'fait \udc00 hier' } })).toMatch(
      /^input\.note: lone UTF-16 surrogate U\+DC00 \(at 5\)/,
    );
    expect(refusal({ input: { title: '😀\ud83d' } })).toMatch(/U\+D83D \(at 2\)/);
    expect(() => checkArguments({ input: { title: 'Égalité 😀 fin', note: '😀\n😀' } })).not.toThrow();
  });

  it('refuses newline and tab where a single line is expected', () => {
    expect(refusal({ input: { title: 'a\nb' } })).toMatch(/^input\.title: .* U\+000A .*single line/);
    expect(refusal({ input: { evidenceUrl: 'https://e.org/\tx' } })).toMatch(/^input\.evidenceUrl: /);
  });

  it('reaches nested inputs and lists', () => {
    expect(refusal({ input: { assessments: [{ criterion: 'impact', comment: 'ok\u0000' }] } })).toMatch(
      /^input\.assessments\[0\]\.comment: /,
    );
    expect(refusal({ input: { decisions: ['a', 'b\u001b'] } })).toMatch(/^input\.decisions\[1\]: /);
    expect(refusal({ input: { owners: Array.from({ length: MAX_ITEMS + 1 }, () => 'amf') } })).toBe(
      `input.owners: at most ${MAX_ITEMS} items (got ${MAX_ITEMS + 1})`,
    );
  });

  it('accepts only http(s) links', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://e.org/x', 'not a url']) {
      expect(refusal({ input: { evidenceUrl: url } })).toBe('input.evidenceUrl: must be an http(s) URL');
    }
    expect(() => checkArguments({ input: { minutesUrl: 'http://e.org/pv' } })).not.toThrow();
  });

  it('accepts only real dates inside the window', () => {
    for (const day of ['2011-02-30', '0000-01-01', '1979-12-31', '2101-01-01', '2011-2-3', '20110203']) {
      expect(refusal({ filter: { dueBefore: day } })).toBe(
        `filter.dueBefore: must be a real date (YYYY-MM-DD) from 1980-01-01 to 2100-12-31, got "${day}"`,
      );
    }
    for (const day of ['1980-01-01', '2100-12-31', '2012-02-29']) {
      expect(() => checkArguments({ input: { effectiveOn: day, heldOn: day } })).not.toThrow();
    }
    expect(refusal({ input: { heldOn: '2011-02-30' } })).toMatch(/^input\.heldOn: must be a real date/);
    expect(refusal({ filter: { before: '0000-01-01' } })).toMatch(/^filter\.before: /);
  });

  it('accepts only instants inside the window for the clock and conventionAt', () => {
    expect(refusal({ input: { to: '0000-01-01T00:00:00Z' } })).toMatch(
      /^input\.to: must be an ISO-8601 instant/,
    );
    expect(refusal({ at: '2011-02-30T00:00:00Z' })).toMatch(/^at: must be an ISO-8601 instant/);
    expect(() => checkArguments({ input: { to: '2030-01-01T00:00:00+02:00' } })).not.toThrow();
  });

  it('leaves nulls, numbers and booleans alone', () => {
    expect(() =>
      checkArguments({ input: { note: null, atLeast: 3, flag: true }, first: null }),
    ).not.toThrow();
  });
});
