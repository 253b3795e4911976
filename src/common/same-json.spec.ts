import { sameJson } from './same-json';

describe('sameJson', () => {
  const view = {
    id: 'halde-shares-information',
    status: 'IN_EFFECT',
    owners: ['halde', 'amf'],
    dueOn: null,
    confirmations: [{ at: '2026-01-05T10:00:00.000Z', note: null }],
  };

  it.each([
    ['an equal copy', structuredClone(view), true],
    ['another status', { ...view, status: 'FULFILLED' }, false],
    ['one owner less', { ...view, owners: ['halde'] }, false],
    ['owners in another order', { ...view, owners: ['amf', 'halde'] }, false],
    [
      'a changed nested value',
      { ...view, confirmations: [{ at: '2026-01-05T10:00:00.000Z', note: 'x' }] },
      false,
    ],
    ['null for an empty array', { ...view, confirmations: null }, false],
    ['an extra key', { ...view, survivesUntil: null }, false],
    ['a missing key', { id: view.id, status: view.status, owners: view.owners, dueOn: null }, false],
    ['an extra undefined key (absent in JSON)', { ...view, extra: undefined }, true],
    ['a number for its string', { ...view, dueOn: 0 }, false],
  ])('against %s: %s', (_label, other, expected) => {
    expect(sameJson(view, other)).toBe(expected);
    expect(sameJson(other, view)).toBe(expected);
    // The property it stands for: the same JSON, key order aside.
    expect(JSON.stringify(view) === JSON.stringify(other)).toBe(expected);
  });

  it('tells an array from an object with the same entries', () => {
    expect(sameJson(['a'], { 0: 'a' })).toBe(false);
    expect(sameJson({ 0: 'a' }, ['a'])).toBe(false);
  });
});
