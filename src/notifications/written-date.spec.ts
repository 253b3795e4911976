import { withWrittenDates, writtenDate } from './written-date';

describe('writtenDate', () => {
  it('writes a day as French and English readers do', () => {
    expect(writtenDate('2011-03-24', 'fr')).toBe('24 mars 2011');
    expect(writtenDate('2011-03-24', 'en')).toBe('24 March 2011');
  });

  it('never shifts the day, whatever the zone of the machine (the day is the convention’s own)', () => {
    expect(writtenDate('2010-12-31', 'fr')).toBe('31 décembre 2010');
    expect(writtenDate('2012-02-29', 'en')).toBe('29 February 2012');
  });

  it('leaves anything that is not a day as it is', () => {
    expect(writtenDate('soon', 'fr')).toBe('soon');
    expect(writtenDate('2011-03-24T00:00:00Z', 'fr')).toBe('2011-03-24T00:00:00Z');
  });

  it('writes only the date fields named, on a copy', () => {
    const facts = { title: '2011-01-01', targetOn: '2011-06-23' };
    expect(withWrittenDates(facts, 'fr', ['targetOn'])).toEqual({
      title: '2011-01-01',
      targetOn: '23 juin 2011',
    });
    expect(facts.targetOn).toBe('2011-06-23');
  });
});
