import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import {
  dayAfter,
  evaluationWindow,
  firstTerm,
  nextTerm,
  noticeDeadline,
  terminationEffectiveOn,
} from './convention-dates';
import { ConventionDefinition } from './definition';

const definitions = loadDefinitions(join(__dirname, '../../workflows'));

function seed(id: string): ConventionDefinition {
  const found = definitions.find((loaded) => loaded.definition.id === id);
  if (!found) throw new Error(`no definition ${id}`);
  return found.definition;
}

const halde = seed('halde-amf-2010');
const region = seed('region-idf-acse-2008');
const cget = seed('cget-defenseur-des-droits-2015');
const charte = seed('charte-diversite-cnml-2009');
const amif = seed('amif-hubertine-auclert-2020');

describe('firstTerm', () => {
  it('runs 12 months from the signature: 24 June 2010 to 23 June 2011 (HALDE–AMF)', () => {
    expect(firstTerm(halde, '2010-06-24', 2)).toEqual({
      number: 1,
      startsOn: '2010-06-24',
      endsOn: '2011-06-23',
    });
  });

  it('runs three years from the signature: 11 July 2008 to 10 July 2011 (Région–Acsé)', () => {
    expect(firstTerm(region, '2008-07-11', 2)).toEqual({
      number: 1,
      startsOn: '2008-07-11',
      endsOn: '2011-07-10',
    });
  });

  it('has no end when the convention is open-ended (AMIF–CHA)', () => {
    expect(firstTerm(amif, '2020-10-13', 2)).toEqual({ number: 1, startsOn: '2020-10-13', endsOn: null });
  });

  it('ends on 27 February, the eve of its anniversary, for a one-year term starting on 29 February', () => {
    expect(firstTerm(charte, '2012-02-29', 2).endsOn).toBe('2013-02-27');
  });
});

describe('nextTerm', () => {
  it('starts the day after the current term and lasts the stated renewal term (HALDE–AMF)', () => {
    const first = firstTerm(halde, '2010-06-24', 2);
    expect(nextTerm(halde, first, 2)).toEqual({ number: 2, startsOn: '2011-06-24', endsOn: '2012-06-23' });
  });

  it('renews the CGET–DDD convention for another three years', () => {
    const first = firstTerm(cget, '2015-11-17', 2);
    expect(first.endsOn).toBe('2018-11-16');
    expect(nextTerm(cget, first, 2)).toEqual({ number: 2, startsOn: '2018-11-17', endsOn: '2021-11-16' });
  });
});

describe('dayAfter', () => {
  it('is the expiry date of a term', () => {
    expect(dayAfter(halde, '2011-06-23')).toBe('2011-06-24');
  });
});

describe('noticeDeadline', () => {
  it('is 24 March 2011 for a 12-month tacitly renewed convention signed 24 June 2010 with 3 months of notice', () => {
    expect(noticeDeadline(halde, firstTerm(halde, '2010-06-24', 2), 2)).toBe('2011-03-24');
  });

  it('follows the term: 24 March 2012 in the second HALDE–AMF term', () => {
    const second = nextTerm(halde, firstTerm(halde, '2010-06-24', 2), 2);
    expect(noticeDeadline(halde, second, 2)).toBe('2012-03-24');
  });

  it('is two months before the renewal date for CGET–DDD: 17 September 2018', () => {
    expect(noticeDeadline(cget, firstTerm(cget, '2015-11-17', 2), 2)).toBe('2018-09-17');
  });

  it('does not exist when the convention does not renew tacitly', () => {
    expect(noticeDeadline(region, firstTerm(region, '2008-07-11', 2), 2)).toBeNull();
    expect(noticeDeadline(charte, firstTerm(charte, '2009-06-16', 2), 2)).toBeNull();
    expect(noticeDeadline(amif, firstTerm(amif, '2020-10-13', 2), 2)).toBeNull();
  });

  it('is the last day of the term when notice takes effect at anniversaries', () => {
    const tacitAtAnniversary: ConventionDefinition = {
      ...region,
      id: 'region-tacit-variant',
      renewal: { kind: 'tacit', term: 'P1Y' },
    };
    expect(noticeDeadline(tacitAtAnniversary, firstTerm(tacitAtAnniversary, '2008-07-11', 2), 2)).toBe(
      '2011-07-10',
    );
  });
});

describe('terminationEffectiveOn', () => {
  it('adds the notice period to the day notice is given (3 months for HALDE–AMF)', () => {
    const term = firstTerm(halde, '2010-06-24', 2);
    expect(terminationEffectiveOn(halde, '2010-06-24', term, '2010-10-15', 2)).toBe('2011-01-15');
  });

  it('adds two months for CGET–DDD', () => {
    const term = firstTerm(cget, '2015-11-17', 2);
    expect(terminationEffectiveOn(cget, '2015-11-17', term, '2017-03-10', 2)).toBe('2017-05-10');
  });

  it('is the next anniversary of the signature for Région–Acsé: notice in month 5 takes effect on 11 July 2009', () => {
    const term = firstTerm(region, '2008-07-11', 2);
    expect(terminationEffectiveOn(region, '2008-07-11', term, '2008-11-20', 2)).toBe('2009-07-11');
  });

  it('is the following anniversary when notice is given on an anniversary', () => {
    const term = firstTerm(region, '2008-07-11', 2);
    expect(terminationEffectiveOn(region, '2008-07-11', term, '2009-07-11', 2)).toBe('2010-07-11');
  });

  it('is the expiry of the term for a notice given in the third year of Région–Acsé', () => {
    const term = firstTerm(region, '2008-07-11', 2);
    expect(terminationEffectiveOn(region, '2008-07-11', term, '2011-02-01', 2)).toBe('2011-07-11');
  });

  it('is capped at the expiry of the term when the next anniversary falls after it', () => {
    const eighteenMonths: ConventionDefinition = {
      ...region,
      id: 'region-18-months-variant',
      term: { kind: 'fixed', duration: 'P18M' },
    };
    const term = firstTerm(eighteenMonths, '2008-07-11', 2);
    expect(term.endsOn).toBe('2010-01-10');
    expect(terminationEffectiveOn(eighteenMonths, '2008-07-11', term, '2009-08-01', 2)).toBe('2010-01-11');
  });

  it('does not exist when the text gives no way to end the convention early (Charte–CNML)', () => {
    const term = firstTerm(charte, '2009-06-16', 2);
    expect(terminationEffectiveOn(charte, '2009-06-16', term, '2009-09-01', 2)).toBeNull();
  });
});

describe('evaluationWindow', () => {
  it('opens one annual window per year of a three-year term, the last one cut at the term end (CGET–DDD)', () => {
    const term = firstTerm(cget, '2015-11-17', 2);
    expect(evaluationWindow(cget, term, 1, 2)).toEqual({ opensOn: '2015-11-17', dueOn: '2016-11-16' });
    expect(evaluationWindow(cget, term, 2, 2)).toEqual({ opensOn: '2016-11-17', dueOn: '2017-11-16' });
    expect(evaluationWindow(cget, term, 3, 2)).toEqual({ opensOn: '2017-11-17', dueOn: '2018-11-16' });
    expect(evaluationWindow(cget, term, 4, 2)).toBeNull();
  });

  it('opens a single window in a 12-month term (HALDE–AMF)', () => {
    const term = firstTerm(halde, '2010-06-24', 2);
    expect(evaluationWindow(halde, term, 1, 2)).toEqual({ opensOn: '2010-06-24', dueOn: '2011-06-23' });
    expect(evaluationWindow(halde, term, 2, 2)).toBeNull();
  });

  it('spans the whole term, due before its end, when the cadence is the term (Charte–CNML)', () => {
    const term = firstTerm(charte, '2009-06-16', 2);
    expect(evaluationWindow(charte, term, 1, 2)).toEqual({ opensOn: '2009-06-16', dueOn: '2010-06-15' });
    expect(evaluationWindow(charte, term, 2, 2)).toBeNull();
  });

  it('does not exist when the convention has no evaluation (AMIF–CHA)', () => {
    expect(evaluationWindow(amif, firstTerm(amif, '2020-10-13', 2), 1, 2)).toBeNull();
  });
});
