import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { stringify } from 'yaml';
import type { ConventionDefinition } from '../machines/definition';
import type { ConventionDefinitionInput } from './definition.schema';
import { loadDefinitions } from './load-definitions';
import { contentHash, DefinitionLoadError, type LoadedDefinition } from './loaded-definition';

const WORKFLOWS = join(__dirname, '..', '..', 'workflows');

function shipped(id: string): ConventionDefinition {
  const found = loadDefinitions(WORKFLOWS).find((loaded) => loaded.definition.id === id);
  if (found === undefined) throw new Error(`no shipped definition ${id}`);
  return found.definition;
}

function minimal(): ConventionDefinitionInput {
  return {
    id: 'test-convention',
    version: 1,
    title: 'Convention de test',
    source: { document: 'test.txt' },
    parties: [
      {
        id: 'halde',
        name: 'HALDE',
        shortName: 'HALDE',
        signatories: [{ id: 'halde-presidente', title: 'La Présidente' }],
      },
      {
        id: 'amf',
        name: 'AMF',
        shortName: 'AMF',
        signatories: [{ id: 'amf-president', title: 'Le Président' }],
      },
    ],
    term: { kind: 'fixed', duration: 'P12M' },
    renewal: { kind: 'tacit', term: 'P12M' },
    notice: { kind: 'period', period: 'P3M' },
    commitments: [
      {
        id: 'share',
        article: 'Article 1',
        title: 'Partage',
        text: 'La HALDE partage.',
        owners: ['halde'],
        shape: 'standing',
      },
      {
        id: 'meet',
        article: 'Article 2',
        title: 'Rencontre',
        text: 'Les parties se rencontrent chaque année.',
        owners: ['halde', 'amf'],
        shape: 'recurring',
        every: 'P1Y',
      },
    ],
  };
}

function variant(change: (definition: ConventionDefinitionInput) => void): string {
  const definition = minimal();
  change(definition);
  return stringify(definition);
}

describe('loadDefinitions', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-definitions-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(files: Record<string, string>): void {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  }

  function loadError(): DefinitionLoadError {
    try {
      loadDefinitions(dir);
    } catch (error) {
      if (error instanceof DefinitionLoadError) return error;
      throw error;
    }
    throw new Error('expected the definitions to be refused');
  }

  describe('the shipped definitions', () => {
    let loaded: LoadedDefinition[];
    beforeAll(() => {
      loaded = loadDefinitions(WORKFLOWS);
    });

    it('loads one definition per seed, named after its file, at version 1', () => {
      expect(
        loaded.map(({ file, definition }) => [basename(file), definition.id, definition.version]),
      ).toEqual([
        ['amif-hubertine-auclert-2020.yaml', 'amif-hubertine-auclert-2020', 1],
        ['cget-defenseur-des-droits-2015.yaml', 'cget-defenseur-des-droits-2015', 1],
        ['charte-diversite-cnml-2009.yaml', 'charte-diversite-cnml-2009', 1],
        ['halde-amf-2010.yaml', 'halde-amf-2010', 1],
        ['region-idf-acse-2008.yaml', 'region-idf-acse-2008', 1],
      ]);
    });

    it('hashes each definition as the SHA-256 of its canonical JSON', () => {
      for (const { definition, contentHash: hash } of loaded) {
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
        const reordered = Object.fromEntries(
          Object.entries(definition).reverse(),
        ) as unknown as ConventionDefinition;
        expect(contentHash(reordered)).toBe(hash);
      }
      expect(new Set(loaded.map((entry) => entry.contentHash)).size).toBe(loaded.length);
    });

    it('uses global party ids, the same institution keeping the same id', () => {
      const parties = loaded.flatMap(({ definition }) => definition.parties.map((party) => party.id)).sort();
      expect(parties).toEqual(
        [
          'acse',
          'amf',
          'amif',
          'centre-hubertine-auclert',
          'cget',
          'charte-diversite',
          'cnml',
          'defenseur-des-droits',
          'halde',
          'region-idf',
        ].sort(),
      );
    });

    it('models 000 HALDE–AMF: 12 months renewed tacitly for 12 months, 3 months notice, annual joint evaluation on 3 criteria', () => {
      const definition = shipped('halde-amf-2010');
      expect(definition.source).toEqual({
        document: '000_110562768e8161ea.txt',
        signedOn: '2010-06-24',
        place: 'Paris',
      });
      expect(definition.term).toMatchObject({ kind: 'fixed', duration: 'P12M' });
      expect(definition.renewal).toMatchObject({ kind: 'tacit', term: 'P12M' });
      expect(definition.notice).toMatchObject({ kind: 'period', period: 'P3M' });
      expect(definition.evaluation).toMatchObject({
        cadence: 'P1Y',
        parties: ['halde', 'amf'],
        then: 'continue',
      });
      expect(definition.evaluation?.criteria.map((criterion) => criterion.id)).toEqual([
        'impact',
        'conformity',
        'readjustment',
      ]);
      expect(definition.committees).toEqual([]);
      expect(definition.commitments.find((c) => c.id === 'good-practice-tools')).toMatchObject({
        shape: 'one-off',
        owners: ['halde', 'amf'],
        article: 'Article 3, action 2',
      });
    });

    it('gives 001 Région–Acsé three signatories across two parties, notice at the anniversary and a quarterly technical committee', () => {
      const definition = shipped('region-idf-acse-2008');
      expect(definition.parties.map((party) => [party.id, party.signatories.length])).toEqual([
        ['region-idf', 1],
        ['acse', 2],
      ]);
      expect(definition.parties.flatMap((party) => party.signatories)).toHaveLength(3);
      expect(definition.term).toMatchObject({ kind: 'fixed', duration: 'P3Y' });
      expect(definition.renewal.kind).toBe('none');
      expect(definition.notice.kind).toBe('anniversary');
      expect(definition.committees.map((c) => [c.id, c.cadence, c.atLeast])).toEqual([
        ['steering', 'P1Y', 1],
        ['technical', 'P3M', 1],
      ]);
      expect(definition.commitments.find((c) => c.committee === 'technical')).toMatchObject({
        shape: 'recurring',
        every: 'P3M',
      });
    });

    it('requires 002 CGET–Défenseur des droits technical committee to meet at least twice a year, with 2 months notice', () => {
      const definition = shipped('cget-defenseur-des-droits-2015');
      expect(definition.committees.find((c) => c.id === 'technical')).toMatchObject({
        cadence: 'P1Y',
        atLeast: 2,
      });
      expect(definition.commitments.find((c) => c.committee === 'technical')).toMatchObject({
        every: 'P1Y',
        atLeast: 2,
      });
      expect(definition.renewal).toMatchObject({ kind: 'tacit', term: 'P3Y' });
      expect(definition.notice).toMatchObject({ kind: 'period', period: 'P2M' });
    });

    it('renews 003 Charte de la diversité–CNML only by amendment, evaluates it once per term and gives no way to end it early', () => {
      const definition = shipped('charte-diversite-cnml-2009');
      expect(definition.term).toMatchObject({ kind: 'fixed', duration: 'P1Y' });
      expect(definition.renewal).toMatchObject({ kind: 'amendment', term: 'P1Y' });
      expect(definition.notice.kind).toBe('none');
      expect(definition.evaluation?.cadence).toBe('term');
      const yearly = definition.commitments.filter((c) => c.shape === 'recurring');
      expect(yearly.map((c) => c.every)).toEqual(['P1Y', 'P1Y', 'P1Y', 'P1Y']);
    });

    it('keeps 004 AMIF–Centre Hubertine Auclert open-ended, with a chosen 3 months notice and no evaluation', () => {
      const definition = shipped('amif-hubertine-auclert-2020');
      expect(definition.term.kind).toBe('open-ended');
      expect(definition.term.note).toContain('1211');
      expect(definition.renewal.kind).toBe('none');
      expect(definition.notice).toMatchObject({ kind: 'period', period: 'P3M' });
      expect(definition.evaluation).toBeNull();
      expect(definition.committees).toEqual([]);
      expect(new Set(definition.commitments.map((c) => c.article))).toEqual(
        new Set(['Communiqué du 15 octobre 2020']),
      );
    });
  });

  describe('defaults', () => {
    it('fills in the time zone, no committees, no evaluation and one fulfilment per occurrence', () => {
      write({ 'test.yaml': stringify(minimal()) });
      const [{ definition }] = loadDefinitions(dir);
      expect(definition.timeZone).toBe('Europe/Paris');
      expect(definition.committees).toEqual([]);
      expect(definition.evaluation).toBeNull();
      expect(definition.commitments.find((c) => c.id === 'meet')?.atLeast).toBe(1);
      expect(definition.commitments.find((c) => c.id === 'share')?.atLeast).toBeUndefined();
    });

    it('leaves visibility out when the file declares none, so that the content hash stays as it was', () => {
      write({ 'test.yaml': stringify(minimal()) });
      expect(loadDefinitions(dir)[0].definition).not.toHaveProperty('visibility');
    });

    it('takes visibility public or parties, and refuses any other value', () => {
      write({ 'test.yaml': variant((d) => (d.visibility = 'public')) });
      expect(loadDefinitions(dir)[0].definition.visibility).toBe('public');
      write({ 'test.yaml': variant((d) => (d.visibility = 'everyone' as 'public')) });
      const { message } = loadError();
      expect(message).toContain(`${join(dir, 'test.yaml')}: visibility:`);
      expect(message).toContain('"public"');
    });

    it('has every party evaluate when the evaluation names none', () => {
      write({
        'test.yaml': variant((d) => {
          d.evaluation = {
            cadence: 'P1Y',
            criteria: [{ id: 'impact', label: 'Impact' }],
            then: 'continue',
          };
        }),
      });
      expect(loadDefinitions(dir)[0].definition.evaluation?.parties).toEqual(['halde', 'amf']);
    });

    it('requires of a committee commitment as many meetings as the committee holds', () => {
      write({
        'test.yaml': variant((d) => {
          d.committees = [
            {
              id: 'technical',
              name: 'Comité technique',
              cadence: 'P1Y',
              atLeast: 2,
              parties: ['halde', 'amf'],
              mission: 'Suivi',
            },
          ];
          d.commitments[1].committee = 'technical';
        }),
      });
      const [{ definition }] = loadDefinitions(dir);
      expect(definition.committees[0].atLeast).toBe(2);
      expect(definition.commitments[1].atLeast).toBe(2);
    });

    it('takes a committee quorum, all its members or a number of them, and leaves it out when absent', () => {
      const committee = (quorum?: unknown) => ({
        id: 'steering',
        name: 'Comité de pilotage',
        cadence: 'P1Y',
        atLeast: 1,
        parties: ['halde', 'amf'],
        ...(quorum === undefined ? {} : { quorum }),
        mission: 'Pilotage',
      });
      write({
        'a.yaml': variant((d) => {
          d.id = 'a';
          d.committees = [committee('all') as never];
        }),
        'b.yaml': variant((d) => {
          d.id = 'b';
          d.committees = [committee(2) as never];
        }),
        'c.yaml': variant((d) => {
          d.id = 'c';
          d.committees = [committee() as never];
        }),
      });
      expect(loadDefinitions(dir).map(({ definition }) => definition.committees[0]?.quorum)).toEqual([
        'all',
        2,
        undefined,
      ]);
      expect('quorum' in (loadDefinitions(dir)[2]?.definition.committees[0] ?? {})).toBe(false);
    });

    describe('a committee that meets « régulièrement » (cadence: regularly)', () => {
      const committees = (regular: Record<string, unknown> = {}) =>
        [
          {
            id: 'follow-up',
            name: 'Comité de suivi',
            cadence: 'regularly',
            parties: ['halde', 'amf'],
            mission: 'Suivi',
            ...regular,
          },
          {
            id: 'steering',
            name: 'Comité de pilotage',
            cadence: 'P1Y',
            parties: ['halde', 'amf'],
            mission: 'Pilotage',
          },
        ] as never;

      it('loads it with no atLeast, while a committee with a cadence still defaults to 1', () => {
        write({ 'test.yaml': variant((d) => (d.committees = committees())) });
        const [regular, steering] = loadDefinitions(dir)[0].definition.committees;
        expect(regular.cadence).toBe('regularly');
        expect(regular).not.toHaveProperty('atLeast');
        expect(steering.atLeast).toBe(1);
      });

      it('refuses atLeast on it, a commitment tied to it, and a cadence that is neither a duration nor "regularly"', () => {
        write({
          'a.yaml': variant((d) => {
            d.id = 'a';
            d.committees = committees({ atLeast: 2 });
            d.commitments[1].committee = 'follow-up';
          }),
          'b.yaml': variant((d) => {
            d.id = 'b';
            d.committees = committees({ cadence: 'often' });
          }),
        });
        const { message } = loadError();
        expect(message).toContain(
          `${join(dir, 'a.yaml')}: committees[0].atLeast: "atLeast" needs a cadence: committee "follow-up" meets regularly`,
        );
        expect(message).toContain(
          `${join(dir, 'a.yaml')}: commitments[1].committee: committee "follow-up" meets regularly, with no cadence: its meetings are recorded as evidence and fulfil no commitment`,
        );
        expect(message).toContain(
          `${join(dir, 'b.yaml')}: committees[0].cadence: "often" is neither a positive ISO-8601 duration (e.g. P3M, P1Y) nor "regularly"`,
        );
      });
    });

    it('refuses a quorum that is neither "all" nor a number of members, or exceeds the members', () => {
      const committee = (quorum: unknown) => ({
        id: 'steering',
        name: 'Comité de pilotage',
        cadence: 'P1Y',
        atLeast: 1,
        parties: ['halde', 'amf'],
        quorum,
        mission: 'Pilotage',
      });
      write({
        'a.yaml': variant((d) => {
          d.id = 'a';
          d.committees = [committee('most') as never];
        }),
        'b.yaml': variant((d) => {
          d.id = 'b';
          d.committees = [committee(3) as never];
        }),
        'c.yaml': variant((d) => {
          d.id = 'c';
          d.committees = [committee(0) as never];
        }),
      });
      const { message } = loadError();
      expect(message).toContain(
        `${join(dir, 'a.yaml')}: committees[0].quorum: must be "all" or a number of members`,
      );
      expect(message).toContain(
        `${join(dir, 'b.yaml')}: committees[0].quorum: "quorum" (3) cannot exceed the 2 members of committee "steering"`,
      );
      expect(message).toContain(`${join(dir, 'c.yaml')}: committees[0].quorum: must be at least 1`);
    });

    it('ignores files that are not YAML, such as the README', () => {
      write({ 'test.yml': stringify(minimal()), 'README.md': '# Definitions\n' });
      expect(loadDefinitions(dir).map((loaded) => basename(loaded.file))).toEqual(['test.yml']);
    });
  });

  describe('term, notice, commitment and termination clauses', () => {
    /** A convention « jusqu'au 31 décembre 2012 », ending earlier once the study is delivered. */
    function until(definition: ConventionDefinitionInput): void {
      definition.source.signedOn = '2011-03-15';
      definition.term = { kind: 'until', endsOn: '2012-12-31', endsWhenFulfilled: ['study'] };
      definition.renewal = { kind: 'none' };
      definition.commitments.push({
        id: 'study',
        article: 'Article 4',
        title: 'Étude',
        text: "L'AMF remet l'étude.",
        owners: ['amf'],
        shape: 'one-off',
        due: 'P12M',
      });
    }

    it('accepts a term until a date, ended early by the listed deliverables', () => {
      write({
        'test.yaml': variant((d) => {
          until(d);
          d.term = {
            kind: 'until',
            endsOn: '2012-12-31',
            endsWhenFulfilled: ['study'],
            note: "Jusqu'au 31 décembre 2012.",
          };
          d.evaluation = {
            cadence: 'term',
            criteria: [{ id: 'impact', label: 'Impact' }],
            then: 'terminate',
          };
        }),
      });
      const [{ definition }] = loadDefinitions(dir);
      expect(definition.term).toEqual({
        kind: 'until',
        endsOn: '2012-12-31',
        endsWhenFulfilled: ['study'],
        note: "Jusqu'au 31 décembre 2012.",
      });
      expect(definition.evaluation?.cadence).toBe('term');
    });

    it('accepts a fixed term ended early by the listed deliverables', () => {
      write({
        'test.yaml': variant((d) => {
          until(d);
          d.term = { kind: 'fixed', duration: 'P2Y', endsWhenFulfilled: ['study', 'share'] };
        }),
      });
      expect(loadDefinitions(dir)[0].definition.term).toEqual({
        kind: 'fixed',
        duration: 'P2Y',
        endsWhenFulfilled: ['study', 'share'],
      });
    });

    it('accepts notice at the anniversary within a window, with a fixed term or a term until a date', () => {
      write({
        'fixed.yaml': variant((d) => {
          d.renewal = { kind: 'none' };
          d.notice = { kind: 'anniversary', window: 'P3M' };
        }),
        'until.yaml': variant((d) => {
          until(d);
          d.version = 2;
          d.notice = { kind: 'anniversary' };
        }),
      });
      expect(loadDefinitions(dir).map((loaded) => loaded.definition.notice)).toEqual([
        { kind: 'anniversary', window: 'P3M' },
        { kind: 'anniversary' },
      ]);
    });

    it('accepts a deliverable due after the end, a yearly date and a commitment that survives the convention', () => {
      write({
        'test.yaml': variant((d) => {
          delete d.commitments[1].every;
          d.commitments[1].dueEachYearOn = '04-30';
          d.commitments[0].survives = 'P5Y';
          d.commitments.push(
            {
              id: 'final-report',
              article: 'Article 5',
              title: 'Rapport final',
              text: "Dans les quatre mois suivant l'échéance, la HALDE remet un rapport final.",
              owners: ['halde'],
              shape: 'one-off',
              due: 'P4M',
              dueFrom: 'end',
              survives: 'P1Y',
            },
            {
              id: 'leap-day',
              article: 'Article 6',
              title: 'Bilan',
              text: 'Le 29 février de chaque année.',
              owners: ['amf'],
              shape: 'recurring',
              dueEachYearOn: '02-29',
              atLeast: 2,
            },
          );
        }),
      });
      const [{ definition }] = loadDefinitions(dir);
      const [share, meet, finalReport, leapDay] = definition.commitments;
      expect(share).toMatchObject({ shape: 'standing', survives: 'P5Y' });
      expect(meet).toMatchObject({ shape: 'recurring', dueEachYearOn: '04-30', atLeast: 1 });
      expect(meet.every).toBeUndefined();
      expect(finalReport).toMatchObject({ due: 'P4M', dueFrom: 'end', survives: 'P1Y' });
      expect(leapDay).toMatchObject({ dueEachYearOn: '02-29', atLeast: 2 });
    });

    it('accepts termination for breach and suspension for force majeure', () => {
      write({
        'test.yaml': variant((d) => {
          d.breach = { curePeriod: 'P1M', note: 'Mise en demeure restée sans effet pendant un mois.' };
          d.forceMajeure = { maxSuspension: 'P3M' };
        }),
      });
      const [{ definition }] = loadDefinitions(dir);
      expect(definition.breach).toEqual({
        curePeriod: 'P1M',
        note: 'Mise en demeure restée sans effet pendant un mois.',
      });
      expect(definition.forceMajeure).toEqual({ maxSuspension: 'P3M' });
    });

    it('loads forceMajeure.termination "right" or "automatic", and leaves it out when absent (content hash unchanged)', () => {
      write({
        'right.yaml': variant((d) => {
          d.id = 'right';
          d.forceMajeure = { maxSuspension: 'P1M', termination: 'right' };
        }),
        'automatic.yaml': variant((d) => {
          d.id = 'automatic';
          d.forceMajeure = { maxSuspension: 'P1M', termination: 'automatic' };
        }),
        'absent.yaml': variant((d) => {
          d.id = 'absent';
          d.forceMajeure = { maxSuspension: 'P1M' };
        }),
      });
      const loaded = loadDefinitions(dir);
      const byId = (id: string) => loaded.find((l) => l.definition.id === id)!;
      expect(byId('right').definition.forceMajeure).toEqual({ maxSuspension: 'P1M', termination: 'right' });
      expect(byId('automatic').definition.forceMajeure).toEqual({
        maxSuspension: 'P1M',
        termination: 'automatic',
      });
      expect(byId('absent').definition.forceMajeure).toEqual({ maxSuspension: 'P1M' });
      expect(byId('absent').definition.forceMajeure).not.toHaveProperty('termination');
    });

    it('loads breach.termination "right" or "automatic", and leaves it out when absent (content hash unchanged)', () => {
      write({
        'right.yaml': variant((d) => {
          d.id = 'right';
          d.breach = { curePeriod: 'P1M', termination: 'right' };
        }),
        'automatic.yaml': variant((d) => {
          d.id = 'automatic';
          d.breach = { curePeriod: 'P1M', termination: 'automatic' };
        }),
        'absent.yaml': variant((d) => {
          d.id = 'absent';
          d.breach = { curePeriod: 'P1M' };
        }),
      });
      const loaded = loadDefinitions(dir);
      const byId = (id: string) => loaded.find((l) => l.definition.id === id)!;
      expect(byId('right').definition.breach).toEqual({ curePeriod: 'P1M', termination: 'right' });
      expect(byId('automatic').definition.breach).toEqual({ curePeriod: 'P1M', termination: 'automatic' });
      expect(byId('absent').definition.breach).toEqual({ curePeriod: 'P1M' });
      expect(byId('absent').definition.breach).not.toHaveProperty('termination');
      expect(byId('right').contentHash).not.toBe(byId('absent').contentHash);
    });

    it('refuses a breach.termination other than "automatic" or "right"', () => {
      write({
        'bad.yaml': variant((d) => {
          d.breach = { curePeriod: 'P1M', termination: 'sometimes' as never };
        }),
      });
      expect(loadError().message).toContain('breach.termination: must be one of "automatic", "right"');
    });

    it('refuses a forceMajeure.termination other than "automatic" or "right"', () => {
      write({
        'bad.yaml': variant((d) => {
          d.forceMajeure = { maxSuspension: 'P1M', termination: 'optional' as never };
        }),
      });
      expect(loadError().message).toContain('forceMajeure.termination: must be one of "automatic", "right"');
    });

    it('leaves breach and force majeure out when the text has none', () => {
      write({ 'test.yaml': stringify(minimal()) });
      const [{ definition }] = loadDefinitions(dir);
      expect(definition).not.toHaveProperty('breach');
      expect(definition).not.toHaveProperty('forceMajeure');
    });

    it('refuses a notice window that is not a duration, or longer than a year', () => {
      write({
        'a.yaml': variant((d) => {
          d.renewal = { kind: 'none' };
          d.notice = { kind: 'anniversary', window: 'trois mois' };
        }),
        'b.yaml': variant((d) => {
          d.id = 'other';
          d.renewal = { kind: 'none' };
          d.notice = { kind: 'anniversary', window: 'P13M' };
        }),
      });
      const { message } = loadError();
      expect(message).toContain(
        `${join(dir, 'a.yaml')}: notice.window: "trois mois" is not an ISO-8601 duration (expected e.g. P3M, P1Y, P12M) (line ${lineOf('a.yaml', 'trois mois')})`,
      );
      expect(message).toContain(`${join(dir, 'b.yaml')}: notice.window: "P13M" is longer than a year`);
    });

    it('refuses "dueEachYearOn" on a day that does not exist', () => {
      write({
        'bad.yaml': variant((d) => {
          delete d.commitments[1].every;
          d.commitments[1].dueEachYearOn = '02-30';
        }),
      });
      expect(loadError().message).toContain(
        `${join(dir, 'bad.yaml')}: commitments[1].dueEachYearOn: "02-30" is not a day of the year (expected MM-DD, e.g. 04-30)`,
      );
    });

    it('refuses "dueEachYearOn" that is not MM-DD', () => {
      write({
        'bad.yaml': variant((d) => {
          delete d.commitments[1].every;
          d.commitments[1].dueEachYearOn = '4-30';
        }),
      });
      expect(loadError().message).toContain('commitments[1].dueEachYearOn: "4-30" is not a day of the year');
    });

    it('refuses "dueEachYearOn" together with "every"', () => {
      write({ 'bad.yaml': variant((d) => (d.commitments[1].dueEachYearOn = '04-30')) });
      expect(loadError().message).toContain(
        'commitments[1].dueEachYearOn: "dueEachYearOn" and "every" exclude each other',
      );
    });

    it('refuses "dueEachYearBefore" together with "dueEachYearOn", and on a commitment that is not recurring', () => {
      write({
        'bad.yaml': variant((d) => {
          delete d.commitments[1].every;
          d.commitments[1].dueEachYearOn = '04-30';
          d.commitments[1].dueEachYearBefore = '04-30';
          d.commitments[0].dueEachYearBefore = '04-30';
        }),
      });
      expect(loadError().message).toContain(
        'commitments[1].dueEachYearBefore: "dueEachYearBefore" and "dueEachYearOn" exclude each other',
      );
      expect(loadError().message).toContain(
        'commitments[0].dueEachYearBefore: "dueEachYearBefore" is only allowed on a recurring commitment',
      );
    });

    it('loads "dueEachYearBefore" alone on a recurring commitment, and refuses it when not MM-DD', () => {
      write({
        'good.yaml': variant((d) => {
          delete d.commitments[1].every;
          d.commitments[1].dueEachYearBefore = '04-30';
        }),
      });
      expect(() => loadDefinitions(dir)).not.toThrow();
      write({
        'good.yaml': variant((d) => {
          delete d.commitments[1].every;
          d.commitments[1].dueEachYearBefore = '4-30';
        }),
      });
      expect(loadError().message).toContain(
        'commitments[1].dueEachYearBefore: "4-30" is not a day of the year',
      );
    });

    it('refuses "dueEachYearOn" on a committee commitment', () => {
      write({
        'bad.yaml': variant((d) => {
          d.committees = [
            { id: 'steering', name: 'Comité', cadence: 'P1Y', parties: ['halde', 'amf'], mission: 'Suivi' },
          ];
          delete d.commitments[1].every;
          d.commitments[1].dueEachYearOn = '04-30';
          d.commitments[1].committee = 'steering';
        }),
      });
      expect(loadError().message).toContain(
        'commitments[1].dueEachYearOn: "dueEachYearOn" and "committee" exclude each other',
      );
    });

    it('refuses "dueEachYearOn" on a commitment that is not recurring', () => {
      write({ 'bad.yaml': variant((d) => (d.commitments[0].dueEachYearOn = '04-30')) });
      expect(loadError().message).toContain(
        'commitments[0].dueEachYearOn: "dueEachYearOn" is only allowed on a recurring commitment (this one is standing)',
      );
    });

    it('refuses "dueFrom: end" without "due"', () => {
      write({
        'bad.yaml': variant((d) => {
          d.commitments[0].shape = 'one-off';
          d.commitments[0].dueFrom = 'end';
        }),
      });
      expect(loadError().message).toContain(
        `${join(dir, 'bad.yaml')}: commitments[0].dueFrom: "dueFrom" needs "due"`,
      );
    });

    it('refuses "dueFrom" on a commitment that is not one-off, and a value other than start or end', () => {
      write({
        'a.yaml': variant((d) => (d.commitments[0].dueFrom = 'end')),
        'b.yaml': stringify({
          ...minimal(),
          id: 'other',
          commitments: [{ ...minimal().commitments[0], shape: 'one-off', due: 'P1M', dueFrom: 'signature' }],
        }),
      });
      const { message } = loadError();
      expect(message).toContain(
        'commitments[0].dueFrom: "dueFrom" is only allowed on a one-off commitment (this one is standing)',
      );
      expect(message).toContain('commitments[0].dueFrom: must be one of "start", "end" (got "signature")');
    });

    it('takes "survives: unlimited" on a one-off or standing commitment', () => {
      write({ 'test.yaml': variant((d) => (d.commitments[0].survives = 'unlimited')) });
      expect(loadDefinitions(dir)[0].definition.commitments[0]?.survives).toBe('unlimited');
    });

    it('refuses a "survives" that is neither a duration nor "unlimited", and "unlimited" on a recurring commitment', () => {
      write({
        'bad.yaml': variant((d) => {
          d.commitments[0].survives = 'forever';
          d.commitments[1].survives = 'unlimited';
        }),
      });
      expect(loadError().message.split('\n')).toEqual([
        `${join(dir, 'bad.yaml')}: commitments[0].survives: "forever" is neither a positive ISO-8601 duration (e.g. P5Y) nor "unlimited" (line 36)`,
        `${join(dir, 'bad.yaml')}: commitments[1].survives: "survives" is not allowed on a recurring commitment (its occurrences stop when the convention ends) (line 46)`,
      ]);
    });

    it('loads "dueBy" on a one-off commitment, and leaves it out of a commitment without it (content hash unchanged)', () => {
      write({
        'test.yaml': variant((d) => {
          d.commitments[0].shape = 'one-off';
          d.commitments[0].dueBy = '2025-12-31';
        }),
      });
      const [share, meet] = loadDefinitions(dir)[0].definition.commitments;
      expect(share).toMatchObject({ shape: 'one-off', dueBy: '2025-12-31' });
      expect(share.due).toBeUndefined();
      expect(meet).not.toHaveProperty('dueBy');
    });

    it('refuses a "dueBy" that is not a date, on a commitment that is not one-off, or with "due"', () => {
      write({
        'bad.yaml': variant((d) => {
          d.commitments[0].shape = 'one-off';
          d.commitments[0].dueBy = '31/12/2025';
          d.commitments[1].dueBy = '2025-12-31';
          d.commitments.push({ ...d.commitments[0], id: 'both', dueBy: '2025-12-31', due: 'P6M' });
        }),
      });
      const { message } = loadError();
      expect(message).toContain(
        `${join(dir, 'bad.yaml')}: commitments[0].dueBy: "31/12/2025" is not a calendar date (expected YYYY-MM-DD)`,
      );
      expect(message).toContain(
        'commitments[1].dueBy: "dueBy" is only allowed on a one-off commitment (this one is recurring)',
      );
      expect(message).toContain('commitments[2].dueBy: "dueBy" and "due" exclude each other');
    });

    it('refuses a "dueBy" before the signature, or after the last day of a term until a date', () => {
      write({
        'bad.yaml': variant((d) => {
          until(d);
          d.commitments[2] = { ...d.commitments[2], due: undefined, dueBy: '2011-03-14' };
          d.commitments.push({ ...d.commitments[2], id: 'late', dueBy: '2013-01-01' });
        }),
      });
      const { message } = loadError();
      expect(message).toContain(
        'commitments[2].dueBy: the commitment cannot be due before the convention is signed (dueBy 2011-03-14, source.signedOn 2011-03-15)',
      );
      expect(message).toContain(
        'commitments[3].dueBy: the commitment cannot be due after the convention ends (dueBy 2013-01-01, term.endsOn 2012-12-31)',
      );
    });

    it('loads "onlyIfEndedBy" on a one-off due from the end, and leaves it out of a commitment without it (content hash unchanged)', () => {
      const repayment = {
        ...minimal().commitments[0],
        id: 'repayment',
        shape: 'one-off' as const,
        dueFrom: 'end' as const,
        due: 'P2M',
      };
      write({
        'test.yaml': variant((d) => {
          d.commitments.push({ ...repayment, onlyIfEndedBy: ['breach', 'force-majeure'] });
        }),
      });
      const [loaded] = loadDefinitions(dir);
      const [share, , withIt] = loaded.definition.commitments;
      expect(withIt).toMatchObject({
        dueFrom: 'end',
        due: 'P2M',
        onlyIfEndedBy: ['breach', 'force-majeure'],
      });
      expect(share).not.toHaveProperty('onlyIfEndedBy');

      write({ 'test.yaml': variant((d) => d.commitments.push(repayment)) });
      const [without] = loadDefinitions(dir);
      expect(without.definition.commitments[2]).not.toHaveProperty('onlyIfEndedBy');
      expect(without.contentHash).not.toBe(loaded.contentHash);
      expect(contentHash(without.definition)).toBe(without.contentHash);
    });

    it('refuses "onlyIfEndedBy" without "dueFrom: end", with an unknown cause, empty, or with a cause twice', () => {
      const repayment = {
        ...minimal().commitments[0],
        shape: 'one-off' as const,
        dueFrom: 'end' as const,
        due: 'P2M',
      };
      write({
        'bad.yaml': variant((d) => {
          d.commitments[0].onlyIfEndedBy = ['breach'];
          d.commitments.push({ ...repayment, id: 'from-start', dueFrom: 'start', onlyIfEndedBy: ['breach'] });
          d.commitments.push({ ...repayment, id: 'empty', onlyIfEndedBy: [] });
          d.commitments.push({ ...repayment, id: 'twice', onlyIfEndedBy: ['breach', 'notice', 'breach'] });
        }),
      });
      const { message } = loadError();
      expect(message).toContain(
        `${join(dir, 'bad.yaml')}: commitments[0].onlyIfEndedBy: "onlyIfEndedBy" needs a one-off commitment with "dueFrom: end"`,
      );
      expect(message).toContain('commitments[2].onlyIfEndedBy: "onlyIfEndedBy" needs a one-off commitment');
      expect(message).toContain(
        'commitments[3].onlyIfEndedBy: must list at least one way the convention ends (the commitment would never arise)',
      );
      expect(message).toContain('commitments[4].onlyIfEndedBy: "breach" is listed twice');

      write({
        'bad.yaml': variant((d) => {
          d.commitments.push({ ...repayment, id: 'unknown', onlyIfEndedBy: ['resiliation' as 'breach'] });
        }),
      });
      expect(loadError().message).toContain(
        'commitments[2].onlyIfEndedBy[0]: must be one of "notice", "expiry", "evaluation", "completion", "breach", "force-majeure" (got "resiliation")',
      );
    });

    it('loads "after" on a one-off commitment, and leaves it out of a commitment without it (content hash unchanged)', () => {
      write({
        'test.yaml': variant((d) => {
          d.commitments[0].shape = 'one-off';
          d.commitments.push({ ...d.commitments[0], id: 'validation', after: 'share', due: 'P1M' });
        }),
      });
      const [share, , validation] = loadDefinitions(dir)[0].definition.commitments;
      expect(validation).toMatchObject({ shape: 'one-off', after: 'share', due: 'P1M' });
      expect(share).not.toHaveProperty('after');
    });

    it('refuses an "after" that names no commitment, itself, a commitment that is not one-off, or on one that is not', () => {
      write({
        'bad.yaml': variant((d) => {
          const oneOff = { ...d.commitments[0], shape: 'one-off' as const };
          d.commitments.push({ ...oneOff, id: 'unknown', after: 'nothing' });
          d.commitments.push({ ...oneOff, id: 'itself', after: 'itself' });
          d.commitments.push({ ...oneOff, id: 'after-recurring', after: 'meet' });
          d.commitments.push({ ...d.commitments[0], id: 'standing-after', after: 'unknown' });
        }),
      });
      const { message } = loadError();
      expect(message).toContain(
        'commitments[2].after: unknown commitment "nothing" (declared commitments: share, meet',
      );
      expect(message).toContain('commitments[3].after: a commitment cannot come after itself ("itself")');
      expect(message).toContain(
        'commitments[4].after: "after" must name a one-off commitment, fulfilled once ("meet" is recurring)',
      );
      expect(message).toContain(
        'commitments[5].after: "after" is only allowed on a one-off commitment (this one is standing)',
      );
    });

    it('refuses a cycle of "after", and "after" with "dueBy" or "dueFrom: end"', () => {
      write({
        'bad.yaml': variant((d) => {
          const oneOff = { ...d.commitments[0], shape: 'one-off' as const };
          d.commitments.push({ ...oneOff, id: 'first', after: 'second' });
          d.commitments.push({ ...oneOff, id: 'second', after: 'first' });
          d.commitments.push({ ...oneOff, id: 'dated', after: 'first', dueBy: '2012-06-30' });
          d.commitments.push({ ...oneOff, id: 'at-end', after: 'first', due: 'P1M', dueFrom: 'end' });
        }),
      });
      const { message } = loadError();
      expect(message).toContain('commitments[2].after: "after" makes a cycle: first → second → first');
      expect(message).toContain('commitments[3].after: "after" makes a cycle: second → first → second');
      expect(message).toContain('commitments[4].after: "after" and "dueBy" exclude each other');
      expect(message).toContain('commitments[5].after: "after" and "dueFrom: end" exclude each other');
    });

    it('loads "if" on a recurring commitment naming another recurring one, and refuses it elsewhere', () => {
      write({
        'test.yaml': variant((d) => {
          d.commitments.push({
            ...d.commitments[1],
            id: 'grant',
            if: { fulfilled: 'meet', occurrence: 'previous' },
          });
        }),
      });
      const [share, meet, grant] = loadDefinitions(dir)[0].definition.commitments;
      expect(grant).toMatchObject({ if: { fulfilled: 'meet', occurrence: 'previous' } });
      expect(meet).not.toHaveProperty('if');
      expect(share).not.toHaveProperty('if');

      write({
        'test.yaml': variant((d) => {
          const condition = (fulfilled: string) => ({ fulfilled, occurrence: 'previous' as const });
          d.commitments.push({ ...d.commitments[0], id: 'standing', if: condition('meet') });
          d.commitments.push({ ...d.commitments[1], id: 'itself', if: condition('itself') });
          d.commitments.push({ ...d.commitments[1], id: 'unknown', if: condition('nothing') });
          d.commitments.push({ ...d.commitments[1], id: 'on-standing', if: condition('share') });
        }),
      });
      const { message } = loadError();
      expect(message).toContain(
        'commitments[2].if: "if" is only allowed on a recurring commitment (this one is standing)',
      );
      expect(message).toContain(
        'commitments[3].if.fulfilled: a commitment cannot depend on itself ("itself")',
      );
      expect(message).toContain('commitments[4].if.fulfilled: unknown commitment "nothing"');
      expect(message).toContain(
        'commitments[5].if.fulfilled: "if" must name a recurring commitment, whose occurrences are fulfilled one by one ("share" is standing)',
      );
    });

    it('loads options and the commitments that name them, and leaves both out when absent (content hash unchanged)', () => {
      write({ 'plain.yaml': stringify(minimal()) });
      const [plain] = loadDefinitions(dir);
      expect(plain.definition).not.toHaveProperty('options');
      expect(plain.definition.commitments[0]).not.toHaveProperty('option');
      const hash = plain.contentHash;
      write({
        'plain.yaml': variant((d) => {
          d.options = [{ id: 'programme', title: 'Programme', text: 'La HALDE peut adhérer au programme.' }];
          d.commitments[0].option = 'programme';
        }),
      });
      const [optional] = loadDefinitions(dir);
      expect(optional.definition.options).toEqual([
        { id: 'programme', title: 'Programme', text: 'La HALDE peut adhérer au programme.' },
      ]);
      expect(optional.definition.commitments.map((c) => c.option)).toEqual(['programme', undefined]);
      expect(optional.contentHash).not.toBe(hash);
    });

    it('refuses a duplicate option, an option no commitment names, and a commitment naming an unknown option', () => {
      write({
        'bad.yaml': variant((d) => {
          d.options = [
            { id: 'programme', title: 'Programme', text: 'Option.' },
            { id: 'programme', title: 'Encore', text: 'Option.' },
            { id: 'unused', title: 'Inutilisée', text: 'Option.' },
          ];
          d.commitments[0].option = 'programme';
          d.commitments[1].option = 'programme-x';
        }),
      });
      const { message } = loadError();
      expect(message).toContain(
        `${join(dir, 'bad.yaml')}: options[1].id: duplicate option id "programme" (already used at options[0].id)`,
      );
      expect(message).toContain(
        'options[2].id: option "unused" switches on no commitment: name it in the "option" of at least one commitment',
      );
      expect(message).toContain(
        'commitments[1].option: unknown option "programme-x" (declared options: "programme", "programme", "unused")',
      );
    });

    it('refuses an empty list of options, and an option without its text', () => {
      write({ 'bad.yaml': variant((d) => (d.options = [])) });
      expect(loadError().message).toContain(
        'options: must declare at least one option (or leave the field out)',
      );
      write({
        'bad.yaml': variant((d) => {
          d.options = [{ id: 'programme', title: 'Programme' } as never];
          d.commitments[0].option = 'programme';
        }),
      });
      expect(loadError().message).toContain('options[0].text');
    });

    it('refuses an optional commitment in term.endsWhenFulfilled: a convention without it could not end so', () => {
      write({
        'bad.yaml': variant((d) => {
          until(d);
          d.options = [{ id: 'programme', title: 'Programme', text: 'Option.' }];
          d.commitments[2].option = 'programme';
          d.term = { kind: 'until', endsOn: '2012-12-31', endsWhenFulfilled: [d.commitments[2].id] };
        }),
      });
      expect(loadError().message).toMatch(
        /term\.endsWhenFulfilled\[0\]: commitment "[a-z-]+" belongs to option "programme": a convention created without it could never end this way/,
      );
    });

    it('refuses "after" and "if" naming an optional commitment from outside its option', () => {
      write({
        'bad.yaml': variant((d) => {
          d.options = [{ id: 'programme', title: 'Programme', text: 'Option.' }];
          d.commitments[0].shape = 'one-off';
          const share = { ...d.commitments[0] };
          const meet = { ...d.commitments[1] };
          d.commitments[0].option = 'programme';
          d.commitments[1].option = 'programme';
          d.commitments.push({ ...share, id: 'validation', after: share.id });
          d.commitments.push({ ...share, id: 'optional-validation', after: share.id, option: 'programme' });
          d.commitments.push({ ...meet, id: 'grant', if: { fulfilled: meet.id, occurrence: 'previous' } });
        }),
      });
      const { message } = loadError();
      expect(message).toContain(
        'commitments[2].after: commitment "share" belongs to option "programme": a commitment that depends on it must belong to the same option',
      );
      expect(message).not.toContain('commitments[3].after');
      expect(message).toContain(
        'commitments[4].if.fulfilled: commitment "meet" belongs to option "programme": a commitment that depends on it must belong to the same option',
      );
    });

    it('loads "dueAfterPeriod" on a recurring commitment with "every", and leaves it out of the others (content hash unchanged)', () => {
      const plain = variant(() => undefined);
      write({ 'plain.yaml': plain });
      const before = loadDefinitions(dir)[0];
      write({ 'plain.yaml': variant((d) => (d.commitments[1].every = 'P1M')) });
      write({
        'plain.yaml': variant((d) => {
          d.commitments[1].every = 'P1M';
          d.commitments[1].dueAfterPeriod = 'P10D';
        }),
      });
      const [loaded] = loadDefinitions(dir);
      const [share, meet] = loaded.definition.commitments;
      expect(meet).toMatchObject({ shape: 'recurring', every: 'P1M', dueAfterPeriod: 'P10D' });
      expect(share).not.toHaveProperty('dueAfterPeriod');
      expect(loaded.contentHash).not.toBe(before.contentHash);
      write({ 'plain.yaml': plain });
      const again = loadDefinitions(dir)[0];
      expect(again.definition.commitments[1]).not.toHaveProperty('dueAfterPeriod');
      expect(again.contentHash).toBe(before.contentHash);
    });

    it('refuses "dueAfterPeriod" off a recurring commitment with "every", with a yearly day or a committee, or not shorter than the period', () => {
      write({
        'bad.yaml': variant((d) => {
          d.commitments[0].dueAfterPeriod = 'P10D';
          d.commitments[1].every = 'P1M';
          d.commitments[1].dueAfterPeriod = 'P1M';
          const meet = d.commitments[1];
          d.commitments.push({
            ...meet,
            id: 'yearly',
            every: undefined,
            dueEachYearOn: '04-30',
            dueAfterPeriod: 'P10D',
          });
          d.commitments.push({
            ...meet,
            id: 'before',
            every: undefined,
            dueEachYearBefore: '04-30',
            dueAfterPeriod: 'P10D',
          });
          d.commitments.push({ ...meet, id: 'days', every: 'P1M', dueAfterPeriod: 'P28D' });
          d.commitments.push({ ...meet, id: 'bad-duration', every: 'P1M', dueAfterPeriod: 'ten days' });
        }),
      });
      const { message } = loadError();
      const recurringWithEvery =
        '"dueAfterPeriod" is only allowed on a recurring commitment with "every" (the period it follows)';
      expect(message).toContain(
        `${join(dir, 'bad.yaml')}: commitments[0].dueAfterPeriod: ${recurringWithEvery}`,
      );
      expect(message).toContain(
        'commitments[1].dueAfterPeriod: "dueAfterPeriod" (P1M) must be shorter than the period (every P1M): an occurrence would be due after the next period ends',
      );
      expect(message).toContain(`commitments[2].dueAfterPeriod: ${recurringWithEvery}`);
      expect(message).toContain(`commitments[3].dueAfterPeriod: ${recurringWithEvery}`);
      expect(message).toContain(
        'commitments[4].dueAfterPeriod: "dueAfterPeriod" (P28D) must be shorter than the period (every P1M)',
      );
      expect(message).toContain('commitments[5].dueAfterPeriod:');
    });

    it('refuses "dueAfterPeriod" on a committee commitment', () => {
      write({
        'bad.yaml': variant((d) => {
          d.committees = [
            {
              id: 'copil',
              name: 'Comité de pilotage',
              cadence: 'P1Y',
              parties: ['halde', 'amf'],
              mission: 'Le comité suit.',
            },
          ];
          d.commitments[1].committee = 'copil';
          d.commitments[1].dueAfterPeriod = 'P10D';
        }),
      });
      expect(loadError().message).toContain(
        'commitments[1].dueAfterPeriod: "dueAfterPeriod" and "committee" exclude each other: a committee meets within its periods',
      );
    });

    it('loads "dueAtMonthEnd" with a due in months, and refuses it without a duration or with days', () => {
      write({
        'test.yaml': variant((d) => {
          d.commitments[0].shape = 'one-off';
          d.commitments[0].due = 'P2M';
          d.commitments[0].dueAtMonthEnd = true;
        }),
      });
      const [loaded] = loadDefinitions(dir);
      expect(loaded.definition.commitments[0]).toMatchObject({ due: 'P2M', dueAtMonthEnd: true });
      expect(loaded.definition.commitments[1]).not.toHaveProperty('dueAtMonthEnd');

      write({
        'bad.yaml': variant((d) => {
          d.commitments[0].dueAtMonthEnd = true;
          d.commitments[1].every = 'P1M';
          d.commitments[1].dueAfterPeriod = 'P10D';
          d.commitments[1].dueAtMonthEnd = true;
        }),
      });
      const { message } = loadError();
      expect(message).toContain(
        'commitments[0].dueAtMonthEnd: "dueAtMonthEnd" needs a one-off commitment with "due" or a recurring commitment with "dueAfterPeriod"',
      );
      expect(message).toContain(
        'commitments[1].dueAtMonthEnd: "dueAtMonthEnd" needs a duration in whole months or years (got P10D)',
      );
    });

    it('refuses "survives" on a recurring commitment', () => {
      write({ 'bad.yaml': variant((d) => (d.commitments[1].survives = 'P1Y')) });
      expect(loadError().message).toContain(
        'commitments[1].survives: "survives" is not allowed on a recurring commitment',
      );
    });

    it('refuses a term ended by a commitment that is not declared', () => {
      write({
        'bad.yaml': variant((d) => {
          until(d);
          d.term = { kind: 'until', endsOn: '2012-12-31', endsWhenFulfilled: ['study', 'sudy'] };
        }),
      });
      expect(loadError().message).toContain(
        `${join(dir, 'bad.yaml')}: term.endsWhenFulfilled[1]: unknown commitment "sudy" (declared commitments: "share", "meet", "study")`,
      );
    });

    it('refuses a term ended by a recurring commitment, or by the same commitment twice', () => {
      write({
        'bad.yaml': variant((d) => {
          until(d);
          d.term = { kind: 'fixed', duration: 'P1Y', endsWhenFulfilled: ['meet', 'study', 'study'] };
        }),
      });
      const { message } = loadError();
      expect(message).toContain('term.endsWhenFulfilled[0]: commitment "meet" is recurring');
      expect(message).toContain('term.endsWhenFulfilled[2]: commitment "study" is listed twice');
    });

    it('refuses an empty "endsWhenFulfilled"', () => {
      write({
        'bad.yaml': variant((d) => (d.term = { kind: 'fixed', duration: 'P1Y', endsWhenFulfilled: [] })),
      });
      expect(loadError().message).toContain('term.endsWhenFulfilled: must name at least one commitment');
    });

    it('refuses a term until a date renewed tacitly', () => {
      write({
        'bad.yaml': variant((d) => {
          until(d);
          d.renewal = { kind: 'tacit', term: 'P1Y' };
        }),
      });
      expect(loadError().message).toContain(
        `${join(dir, 'bad.yaml')}: renewal.kind: a tacit renewal needs a fixed term (term.kind is until): use kind "none"`,
      );
    });

    it('refuses a term until a date that is not a date, or before the signature', () => {
      write({
        'a.yaml': variant((d) => {
          until(d);
          d.term = { kind: 'until', endsOn: '31/12/2012' };
        }),
        'b.yaml': variant((d) => {
          until(d);
          d.id = 'other';
          d.term = { kind: 'until', endsOn: '2010-12-31' };
        }),
      });
      const { message } = loadError();
      expect(message).toContain(
        `${join(dir, 'a.yaml')}: term.endsOn: "31/12/2012" is not a calendar date (expected YYYY-MM-DD)`,
      );
      expect(message).toContain(
        `${join(dir, 'b.yaml')}: term.endsOn: the convention must end after it is signed (endsOn 2010-12-31, source.signedOn 2011-03-15)`,
      );
    });

    it('takes a start date on a term of every kind, and leaves it out when absent', () => {
      write({ 'plain.yaml': stringify(minimal()) });
      expect(loadDefinitions(dir)[0].definition.term).not.toHaveProperty('startsOn');
      write({
        'plain.yaml': variant((d) => (d.term = { kind: 'fixed', duration: 'P1Y', startsOn: '2025-01-01' })),
        'until.yaml': variant((d) => {
          until(d);
          d.id = 'until';
          d.term = { kind: 'until', endsOn: '2012-12-31', startsOn: '2011-01-01' };
        }),
        'open.yaml': variant((d) => {
          d.id = 'open';
          d.renewal = { kind: 'none' };
          d.term = { kind: 'open-ended', startsOn: '2020-10-13' };
        }),
      });
      const terms = Object.fromEntries(loadDefinitions(dir).map((l) => [l.definition.id, l.definition.term]));
      expect(terms['test-convention']).toEqual({ kind: 'fixed', duration: 'P1Y', startsOn: '2025-01-01' });
      expect(terms.until).toMatchObject({ kind: 'until', startsOn: '2011-01-01' });
      expect(terms.open).toEqual({ kind: 'open-ended', startsOn: '2020-10-13' });
    });

    it('refuses a start date that is not a date, outside the calendar, or after the hard end', () => {
      write({
        'a.yaml': variant((d) => (d.term = { kind: 'fixed', duration: 'P1Y', startsOn: '1er janvier 2025' })),
        'b.yaml': variant((d) => {
          d.id = 'b';
          d.term = { kind: 'fixed', duration: 'P1Y', startsOn: '1975-01-01' };
        }),
        'c.yaml': variant((d) => {
          until(d);
          d.id = 'c';
          d.term = { kind: 'until', endsOn: '2012-12-31', startsOn: '2013-01-01' };
        }),
      });
      const { message } = loadError();
      expect(message.split('\n')).toEqual([
        `${join(dir, 'a.yaml')}: term.startsOn: "1er janvier 2025" is not a calendar date (expected YYYY-MM-DD) (line 22)`,
        `${join(dir, 'b.yaml')}: term.startsOn: "1975-01-01" is outside the calendar the engine keeps (1980-01-01 to 2100-12-31) (line 22)`,
        `${join(dir, 'c.yaml')}: term.endsOn: the convention cannot end before it starts (endsOn 2012-12-31, startsOn 2013-01-01) (line 22)`,
      ]);
    });

    it('takes a grace after signature on a term of every kind, and leaves it out (and the hash as it was) when absent', () => {
      write({ 'plain.yaml': stringify(minimal()) });
      const plain = loadDefinitions(dir)[0];
      expect(plain.definition.term).not.toHaveProperty('graceAfterSignature');
      write({
        'plain.yaml': variant(
          (d) => (d.term = { kind: 'fixed', duration: 'P1Y', graceAfterSignature: 'P1M' }),
        ),
        'until.yaml': variant((d) => {
          until(d);
          d.id = 'until';
          d.term = { kind: 'until', endsOn: '2012-12-31', graceAfterSignature: 'P45D' };
        }),
        'open.yaml': variant((d) => {
          d.id = 'open';
          d.renewal = { kind: 'none' };
          d.term = { kind: 'open-ended', graceAfterSignature: 'P2M' };
        }),
      });
      const loaded = loadDefinitions(dir);
      const terms = Object.fromEntries(loaded.map((l) => [l.definition.id, l.definition.term]));
      expect(terms['test-convention']).toEqual({
        kind: 'fixed',
        duration: 'P1Y',
        graceAfterSignature: 'P1M',
      });
      expect(terms.until).toMatchObject({ kind: 'until', graceAfterSignature: 'P45D' });
      expect(terms.open).toEqual({ kind: 'open-ended', graceAfterSignature: 'P2M' });
      const withGrace = loaded.find((l) => l.definition.id === 'test-convention');
      expect(withGrace?.contentHash).not.toBe(plain.contentHash);
      write({ 'plain.yaml': stringify(minimal()) });
      const again = loadDefinitions(dir).find((l) => l.definition.id === 'test-convention');
      expect(again?.contentHash).toBe(plain.contentHash);
    });

    it('refuses a grace after signature that is not a positive duration', () => {
      write({
        'a.yaml': variant(
          (d) => (d.term = { kind: 'fixed', duration: 'P1Y', graceAfterSignature: 'un mois' }),
        ),
        'b.yaml': variant((d) => {
          d.id = 'b';
          d.term = { kind: 'fixed', duration: 'P1Y', graceAfterSignature: 'P0D' };
        }),
      });
      const { message } = loadError();
      expect(message.split('\n')).toEqual([
        `${join(dir, 'a.yaml')}: term.graceAfterSignature: "un mois" is not an ISO-8601 duration (expected e.g. P3M, P1Y, P12M) (line 22)`,
        `${join(dir, 'b.yaml')}: term.graceAfterSignature: "P0D" must be a positive duration (line 22)`,
      ]);
    });

    it('refuses a breach or force majeure clause without its duration', () => {
      write({
        'bad.yaml': stringify({
          ...minimal(),
          breach: { note: 'Mise en demeure.' },
          forceMajeure: { maxSuspension: 'P0D' },
        }),
      });
      const { message } = loadError();
      expect(message).toContain('breach.curePeriod: required (expected string)');
      expect(message).toContain('forceMajeure.maxSuspension: "P0D" must be a positive duration');
    });

    it('refuses an evaluation once per term of an open-ended convention', () => {
      write({
        'bad.yaml': variant((d) => {
          d.term = { kind: 'open-ended' };
          d.renewal = { kind: 'none' };
          d.evaluation = { cadence: 'term', criteria: [{ id: 'impact', label: 'Impact' }], then: 'continue' };
        }),
      });
      expect(loadError().message).toContain(
        'evaluation.cadence: cadence "term" needs a term that ends: kind "fixed" or "until" (term.kind is open-ended)',
      );
    });

    function lineOf(file: string, needle: string): number {
      const text = readFileSync(join(dir, file), 'utf8');
      return text.split('\n').findIndex((content) => content.includes(needle)) + 1;
    }
  });

  describe('refusing bad definitions', () => {
    it('names the file, the path and the reason for an owner that is not a party', () => {
      write({ 'bad.yaml': variant((d) => (d.commitments[1].owners = ['halde', 'hlde'])) });
      expect(loadError().message).toContain(
        `${join(dir, 'bad.yaml')}: commitments[1].owners[1]: unknown party "hlde" (declared parties: "halde", "amf")`,
      );
    });

    it('refuses a duration that is not ISO-8601', () => {
      write({ 'bad.yaml': variant((d) => (d.notice = { kind: 'period', period: 'P3X' })) });
      expect(loadError().message).toContain(
        `${join(dir, 'bad.yaml')}: notice.period: "P3X" is not an ISO-8601 duration`,
      );
    });

    it('refuses a duration that is not positive', () => {
      write({ 'bad.yaml': variant((d) => (d.term = { kind: 'fixed', duration: 'P0D' })) });
      expect(loadError().message).toContain('term.duration: "P0D" must be a positive duration');
    });

    it('refuses a recurring commitment without "every"', () => {
      write({ 'bad.yaml': variant((d) => delete d.commitments[1].every) });
      expect(loadError().message).toContain(
        `${join(dir, 'bad.yaml')}: commitments[1].every: a recurring commitment needs "every"`,
      );
    });

    it('refuses "due" on a commitment that is not one-off', () => {
      write({ 'bad.yaml': variant((d) => (d.commitments[0].due = 'P6M')) });
      expect(loadError().message).toContain(
        'commitments[0].due: "due" is only allowed on a one-off commitment',
      );
    });

    it('reports a YAML syntax error with its line', () => {
      write({ 'bad.yaml': 'id: test-convention\nversion: 1\ntitle: [not closed\nsource: x\n' });
      expect(loadError().message).toMatch(
        new RegExp(`^${escape(join(dir, 'bad.yaml'))}: line \\d+, column \\d+: YAML syntax error: `, 'm'),
      );
    });

    it('reports the YAML line of a schema problem', () => {
      write({ 'bad.yaml': variant((d) => (d.commitments[1].owners = ['halde', 'hlde'])) });
      expect(loadError().message).toContain(
        `unknown party "hlde" (declared parties: "halde", "amf") (line ${lineOf('bad.yaml', 'hlde')})`,
      );
    });

    it('refuses a duplicate commitment id', () => {
      write({ 'bad.yaml': variant((d) => (d.commitments[1].id = 'share')) });
      expect(loadError().message).toContain(
        'commitments[1].id: duplicate commitment id "share" (already used at commitments[0].id)',
      );
    });

    it('refuses a signatory id used by two parties', () => {
      write({ 'bad.yaml': variant((d) => (d.parties[1].signatories[0].id = 'halde-presidente')) });
      expect(loadError().message).toContain(
        'parties[1].signatories[0].id: duplicate signatory id "halde-presidente"',
      );
    });

    it('refuses an open-ended convention renewed tacitly', () => {
      write({ 'bad.yaml': variant((d) => (d.term = { kind: 'open-ended' })) });
      expect(loadError().message).toContain(
        `${join(dir, 'bad.yaml')}: renewal.kind: a tacit renewal needs a fixed term (term.kind is open-ended)`,
      );
    });

    it('refuses a commitment tied to a committee that is not declared', () => {
      write({ 'bad.yaml': variant((d) => (d.commitments[1].committee = 'steering')) });
      expect(loadError().message).toContain('commitments[1].committee: unknown committee "steering"');
    });

    it('refuses a committee commitment whose period is not the committee cadence', () => {
      write({
        'bad.yaml': variant((d) => {
          d.committees = [
            {
              id: 'technical',
              name: 'Comité technique',
              cadence: 'P3M',
              parties: ['halde', 'amf'],
              mission: 'Suivi',
            },
          ];
          d.commitments[1].committee = 'technical';
        }),
      });
      expect(loadError().message).toContain(
        'commitments[1].every: "every" (P1Y) must equal the cadence of committee "technical" (P3M)',
      );
    });

    it('refuses notice at the anniversary of an open-ended convention', () => {
      write({
        'bad.yaml': variant((d) => {
          d.term = { kind: 'open-ended' };
          d.renewal = { kind: 'none' };
          d.notice = { kind: 'anniversary' };
        }),
      });
      expect(loadError().message).toContain(
        'notice.kind: notice at the anniversary needs a term that ends: kind "fixed" or "until" (term.kind is open-ended)',
      );
    });

    it('refuses unknown fields, so that a misspelt field is not silently ignored', () => {
      write({ 'bad.yaml': stringify({ ...minimal(), comittees: [] }) });
      expect(loadError().message).toContain('(root): unknown field "comittees"');
    });

    it('refuses a convention with a single party', () => {
      write({ 'bad.yaml': variant((d) => d.parties.splice(1)) });
      expect(loadError().message).toContain('parties: a convention needs at least 2 parties');
    });

    it('lists the problems of every file in one error, one a line', () => {
      write({
        'a.yaml': variant((d) => (d.commitments[0].owners = ['nobody'])),
        'b.yaml': variant((d) => {
          d.id = 'other';
          d.renewal = { kind: 'tacit', term: 'P3X' };
        }),
        'c.yaml': stringify(minimal()),
      });
      const error = loadError();
      expect(error.message.split('\n')).toEqual([
        `${join(dir, 'a.yaml')}: commitments[0].owners[0]: unknown party "nobody" (declared parties: "halde", "amf") (line ${lineOf('a.yaml', 'nobody')})`,
        `${join(dir, 'b.yaml')}: renewal.term: "P3X" is not an ISO-8601 duration (expected e.g. P3M, P1Y, P12M) (line ${lineOf('b.yaml', 'P3X')})`,
      ]);
      expect(error.problems).toHaveLength(2);
      expect(error.message).not.toMatch(/\n\s+at /);
    });

    it('refuses two files defining the same id and version', () => {
      write({ 'a.yaml': stringify(minimal()), 'b.yaml': stringify(minimal()) });
      expect(loadError().message).toBe(
        `${join(dir, 'b.yaml')}: id: definition test-convention@1 is already defined in ${join(dir, 'a.yaml')}`,
      );
    });

    it('accepts two versions of the same definition', () => {
      write({ 'a.yaml': stringify(minimal()), 'b.yaml': variant((d) => (d.version = 2)) });
      expect(loadDefinitions(dir).map((loaded) => loaded.definition.version)).toEqual([1, 2]);
    });

    it('refuses an empty file', () => {
      write({ 'empty.yaml': '' });
      expect(loadError().message).toBe(`${join(dir, 'empty.yaml')}: (root): the file is empty`);
    });

    it('refuses a folder without definitions', () => {
      write({ 'README.md': '# Definitions\n' });
      expect(loadError().message).toBe(`no definitions in ${dir}`);
    });

    it('refuses a folder that does not exist, without a stack trace', () => {
      const missing = join(dir, 'missing');
      expect(() => loadDefinitions(missing)).toThrow(
        new RegExp(`^cannot read definitions folder ${escape(missing)}`),
      );
    });

    function lineOf(file: string, needle: string): number {
      const text = readFileSync(join(dir, file), 'utf8');
      return text.split('\n').findIndex((content) => content.includes(needle)) + 1;
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
