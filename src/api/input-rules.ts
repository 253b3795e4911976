import { DomainError } from '../common/domain-error';
import { isHttpUrl } from '../common/http-url';
import { FIRST_DAY, isDayInWindow, isInstantInWindow, LAST_DAY } from '../machines/date-window';

/** Longest free text (a note, a reason, a summary, a comment, a commitment's text), in characters. */
export const MAX_TEXT = 10_000;
/** Longest link. */
export const MAX_URL = 2_000;
/** Longest single-line value: titles, ids, keys, cursors, durations. */
export const MAX_LINE = 200;
/** Longest pagination cursor (our own, opaque). */
export const MAX_CURSOR = 1_000;
/** Most items of a list argument. */
export const MAX_ITEMS = 100;

type Rule = 'text' | 'url' | 'day' | 'instant' | 'cursor' | 'line';

/**
 * Rules by argument or input field name, wherever it appears; every other string is a single
 * line of at most MAX_LINE characters. Keyed by name so a new field is bounded by default.
 */
const RULES: Readonly<Record<string, Rule>> = {
  note: 'text',
  reason: 'text',
  summary: 'text',
  comment: 'text',
  text: 'text',
  decisions: 'text',
  evidenceUrl: 'url',
  minutesUrl: 'url',
  effectiveOn: 'day',
  heldOn: 'day',
  endsOn: 'day',
  dueBefore: 'day',
  before: 'day',
  to: 'instant',
  at: 'instant',
  after: 'cursor',
};

const LIMITS: Readonly<Record<Rule, number>> = {
  text: MAX_TEXT,
  url: MAX_URL,
  cursor: MAX_CURSOR,
  day: MAX_LINE,
  instant: MAX_LINE,
  line: MAX_LINE,
};

/**
 * Checks every string of a resolver's arguments, nested inputs and lists included: its length,
 * no control character (only newline and tab, and only in free text), no bidirectional
 * override or isolate (they make a text read other than it is stored), no lone surrogate
 * (well-formed Unicode only), links http(s) only,
 * dates real and inside the window. Throws BAD_USER_INPUT naming the field and the rule.
 */
export function checkArguments(args: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(args)) checkValue(name, name, value);
}

function checkValue(path: string, name: string, value: unknown): void {
  if (typeof value === 'string') return checkString(path, RULES[name] ?? 'line', value);
  if (Array.isArray(value)) {
    if (value.length > MAX_ITEMS) refuse(path, `at most ${MAX_ITEMS} items (got ${value.length})`);
    value.forEach((item, index) => checkValue(`${path}[${index}]`, name, item));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) checkValue(`${path}.${key}`, key, inner);
  }
}

function checkString(path: string, rule: Rule, value: string): void {
  const max = LIMITS[rule];
  const length = characters(value);
  if (length > max) refuse(path, `at most ${max} characters (got ${length})`);
  const lone = loneSurrogate(value);
  if (lone !== null) refuse(path, `lone UTF-16 surrogate ${lone} refused; text must be well-formed Unicode`);
  const bad = forbiddenCharacter(value, rule === 'text');
  if (bad !== null) {
    const allowed = rule === 'text' ? 'only newline and tab are allowed' : 'it must be a single line';
    refuse(path, `control or bidirectional formatting character ${bad} refused; ${allowed}`);
  }
  if (rule === 'url' && !isHttpUrl(value)) refuse(path, 'must be an http(s) URL');
  if (rule === 'day' && !isDayInWindow(value)) {
    refuse(path, `must be a real date (YYYY-MM-DD) from ${FIRST_DAY} to ${LAST_DAY}, got "${value}"`);
  }
  if (rule === 'instant' && !isInstantInWindow(value)) {
    refuse(path, `must be an ISO-8601 instant from ${FIRST_DAY} to ${LAST_DAY}, got "${value}"`);
  }
}

/** Length in characters (code points), not UTF-16 units. */
function characters(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff) n++;
  }
  return n;
}

/** The first refused character as U+XXXX at its position, or null. */
function forbiddenCharacter(value: string, multiLine: boolean): string | null {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
    const bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    if ((control && !(multiLine && (c === 0x0a || c === 0x09))) || bidi) {
      return `U+${c.toString(16).toUpperCase().padStart(4, '0')} (at ${i})`;
    }
  }
  return null;
}

/**
 * The first half of a surrogate pair left alone, as U+XXXX at its position, or null. JSON can
 * carry one (`"\ud800"`), but it is no character: stores would keep it as U+FFFD or as bytes
 * that read back otherwise.
 */
function loneSurrogate(value: string): string | null {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = value.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    return `U+${c.toString(16).toUpperCase()} (at ${i})`;
  }
  return null;
}

function refuse(path: string, rule: string): never {
  throw new DomainError('BAD_USER_INPUT', `${path}: ${rule}`);
}
