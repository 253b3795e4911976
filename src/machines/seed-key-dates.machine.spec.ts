import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { startOfDay } from './calendar';
import { ConventionDefinition } from './definition';
import { ConventionScenario, representative } from './testing/convention-scenario';
import { at } from './testing/seed-events';

/**
 * The key dates of every seed under rules v3, against the dates read by hand from the French
 * texts (`shared/seeds/`): a term « de N mois/ans » from its first day ends the day before the
 * same day N later; « un préavis de N mois » given on D runs until D + N months included and the
 * convention ends the day after; the last day to give notice is the one whose notice ends with the
 * term; a yearly evaluation is due by the last day of each year of the term.
 */
const definitions = loadDefinitions(join(__dirname, '../../workflows')).map((loaded) => loaded.definition);

function seed(id: string): ConventionDefinition {
  const found = definitions.find((definition) => definition.id === id);
  if (!found) throw new Error(`no definition ${id}`);
  return found;
}

const PARIS = 'Europe/Paris';
const notice = { type: 'NOTICE_GIVEN' as const, reason: 'fin du partenariat' };

function inForceOn(definition: ConventionDefinition, day: string): ConventionScenario {
  const scenario = new ConventionScenario(definition, startOfDay(day, PARIS), null, 3).signAll(at(day));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', day)).toBeNull();
  return scenario;
}

function firstOccurrence(scenario: ConventionScenario, commitmentId: string) {
  const occurrence = scenario.commitment(commitmentId).occurrences[0];
  return occurrence && [occurrence.startsOn, occurrence.dueOn];
}

describe('key dates under rules v3, as the seeds state them', () => {
  it('000 HALDE–AMF: « 12 mois à compter de la date de sa signature » (24 June 2010), « préavis de trois mois »', () => {
    const scenario = inForceOn(seed('halde-amf-2010'), '2010-06-24');

    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2010-06-24', endsOn: '2011-06-23' });
    expect(scenario.view.noticeDeadline).toBe('2011-03-23');
    expect(scenario.view.evaluation).toMatchObject({ opensOn: '2010-06-24', dueOn: '2011-06-23' });
    scenario.accept(notice, representative('amf'), at('2010-10-15'));
    expect(scenario.view.notice?.effectiveOn).toBe('2011-01-16');
  });

  it('001 Région–Acsé: « trois années » from 11 July 2008, « dénoncé […] chaque année à la date anniversaire »', () => {
    const scenario = inForceOn(seed('region-idf-acse-2008'), '2008-07-11');

    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2008-07-11', endsOn: '2011-07-10' });
    expect(scenario.view.noticeDeadline).toBeNull();
    expect(scenario.view.evaluation).toMatchObject({ opensOn: '2008-07-11', dueOn: '2009-07-10' });
    expect(firstOccurrence(scenario, 'technical-committee-meeting')).toEqual(['2008-07-11', '2008-10-10']);
    expect(firstOccurrence(scenario, 'annual-action-sheets')).toEqual(['2008-07-11', '2009-07-10']);
    scenario.accept(notice, representative('acse'), at('2008-11-20'));
    expect(scenario.view.notice?.effectiveOn).toBe('2009-07-11');
  });

  it('002 CGET–Défenseur des droits: « trois ans » from 17 November 2015, « préavis de deux mois »', () => {
    const scenario = inForceOn(seed('cget-defenseur-des-droits-2015'), '2015-11-17');

    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2015-11-17', endsOn: '2018-11-16' });
    expect(scenario.view.noticeDeadline).toBe('2018-09-16');
    expect(scenario.view.evaluation).toMatchObject({ opensOn: '2015-11-17', dueOn: '2016-11-16' });
    expect(firstOccurrence(scenario, 'technical-committee-meetings')).toEqual(['2015-11-17', '2016-11-16']);
    scenario.accept(notice, representative('cget'), at('2017-03-10'));
    expect(scenario.view.notice?.effectiveOn).toBe('2017-05-11');
  });

  it('003 Charte de la diversité–CNML: « fixée à une année » from 16 June 2009, review « avant la fin de validité »', () => {
    const scenario = inForceOn(seed('charte-diversite-cnml-2009'), '2009-06-16');

    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2009-06-16', endsOn: '2010-06-15' });
    expect(scenario.view.noticeDeadline).toBeNull();
    expect(scenario.view.evaluation).toMatchObject({ opensOn: '2009-06-16', dueOn: '2010-06-15' });
    expect(firstOccurrence(scenario, 'charte-annual-exchange')).toEqual(['2009-06-16', '2010-06-15']);
  });

  it('004 AMIF–Centre Hubertine Auclert: open-ended from 13 October 2020, three months of notice', () => {
    const scenario = inForceOn(seed('amif-hubertine-auclert-2020'), '2020-10-13');

    expect(scenario.view.term).toEqual({ number: 1, startsOn: '2020-10-13', endsOn: null });
    expect(scenario.view.noticeDeadline).toBeNull();
    expect(firstOccurrence(scenario, 'cross-participation-in-events')).toEqual(['2020-10-13', '2021-10-12']);
    // Given on 31 January 2022: three months end on 30 April (no 31 April); it ends on 1 May.
    scenario.accept(notice, representative('amif'), at('2022-01-31'));
    expect(scenario.view.notice?.effectiveOn).toBe('2022-05-01');
  });
});
