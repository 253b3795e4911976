import { byCodePoint } from './code-point-order';

describe('byCodePoint', () => {
  it('orders identifiers by their characters, whatever the locale would do with case and punctuation', () => {
    const ids = ['halde-amf-2010', 'Region-idf', 'charte_cnml', 'charte-cnml', 'amif-hubertine', 'b', 'B'];
    expect([...ids].sort(byCodePoint)).toEqual([
      'B',
      'Region-idf',
      'amif-hubertine',
      'b',
      'charte-cnml',
      'charte_cnml',
      'halde-amf-2010',
    ]);
  });

  it('orders ISO dates and instants in time order, a day before its instants', () => {
    const times = ['2011-03-24T10:00:00.000Z', '2010-06-24', '2011-03-24', '2011-03-24T09:00:00.000Z'];
    expect([...times].sort(byCodePoint)).toEqual([
      '2010-06-24',
      '2011-03-24',
      '2011-03-24T09:00:00.000Z',
      '2011-03-24T10:00:00.000Z',
    ]);
  });

  it('answers 0 for equal strings and is antisymmetric', () => {
    expect(byCodePoint('a', 'a')).toBe(0);
    expect(byCodePoint('a', 'b')).toBe(-1);
    expect(byCodePoint('b', 'a')).toBe(1);
  });
});
