import { join } from 'node:path';
import { loadDefinitions } from '../workflows/load-definitions';
import { SYSTEM_ACTOR } from './actor';
import { startOfDay } from './calendar';
import { AmendmentChanges } from './convention.events';
import { lineageKey, termsAfter, termsFromDefinition } from './amendments';
import { plannedDeadlines } from './deadlines';
import { CommitmentDefinition, ConventionDefinition } from './definition';
import { admin, auditor, ConventionScenario, representative } from './testing/convention-scenario';
import { at, confirm } from './testing/seed-events';

/**
 * Amendments (avenants): a representative proposes a change of the convention's content,
 * every signatory signs it, and it takes effect on its date. Seed 000 (HALDE–AMF) for changes,
 * seed 001 (Région IdF–Acsé, three signatories) for signatures, seed 003 (Charte de la
 * diversité–CNML) for the renewal « par voie d'avenant ».
 */
const definitions = loadDefinitions(join(__dirname, '../../workflows')).map((loaded) => loaded.definition);

function seed(id: string): ConventionDefinition {
  const found = definitions.find((definition) => definition.id === id);
  if (!found) throw new Error(`${id} is not among the workflows`);
  return found;
}

const halde = seed('halde-amf-2010');
const region = seed('region-idf-acse-2008');
const charte = seed('charte-diversite-cnml-2009');

const PARIS = 'Europe/Paris';
const haldeRep = representative('halde');
const amfRep = representative('amf');
const regionRep = representative('region-idf');
const acseRep = representative('acse');
const charteRep = representative('charte-diversite');
const cnmlRep = representative('cnml');

function inForceOn(definition: ConventionDefinition, day: string): ConventionScenario {
  const scenario = new ConventionScenario(definition, startOfDay(day, PARIS)).signAll(at(day));
  expect(scenario.tick('EFFECTIVE_DATE_REACHED', day)).toBeNull();
  return scenario;
}

/** HALDE–AMF, signed and in force on 24 June 2010: term 1 runs to 23 June 2011. */
function haldeInForce(): ConventionScenario {
  return inForceOn(halde, '2010-06-24');
}

function propose(
  changes: AmendmentChanges,
  options: { id?: string; effectiveOn?: string | null; kind?: 'CHANGE' | 'RENEWAL'; summary?: string } = {},
) {
  return {
    type: 'AMENDMENT_PROPOSED' as const,
    amendmentId: options.id ?? 'A1',
    kind: options.kind ?? 'CHANGE',
    changes,
    effectiveOn: options.effectiveOn === undefined ? null : options.effectiveOn,
    summary: options.summary ?? 'Avenant n° 1',
  };
}

function sign(signatoryId: string, amendmentId = 'A1') {
  return { type: 'AMENDMENT_SIGNED' as const, amendmentId, signatoryId };
}

function withdraw(amendmentId = 'A1') {
  return { type: 'AMENDMENT_WITHDRAWN' as const, amendmentId, reason: 'retiré' };
}

function plan(scenario: ConventionScenario) {
  return plannedDeadlines(scenario.definition, scenario.snapshot).map((d) => [d.kind, d.subject, d.dueOn]);
}

const annualReport: CommitmentDefinition = {
  id: 'annual-activity-report',
  article: 'Avenant n° 1, article 1',
  title: 'Rapport annuel d’activité',
  text: 'Les parties établissent chaque année un rapport commun sur les actions menées.',
  owners: ['halde', 'amf'],
  shape: 'recurring',
  every: 'P1Y',
  atLeast: 1,
};

/** Adds a commitment, gives the joint tools to the HALDE alone and waives the AMF's participation. */
const fullAmendment: AmendmentChanges = {
  addCommitments: [annualReport],
  changeCommitments: [
    {
      id: 'good-practice-tools',
      owners: ['halde'],
      text: 'La HALDE élabore seule les outils de bonnes pratiques.',
    },
  ],
  waiveCommitments: ['amf-joins-halde-working-groups'],
  notice: { kind: 'period', period: 'P6M' },
};

/** Given A1 (the full amendment, effective 1 January 2011) proposed by the HALDE and signed by both. */
function fullAmendmentSigned(): ConventionScenario {
  return haldeInForce()
    .accept(propose(fullAmendment, { effectiveOn: '2011-01-01' }), haldeRep, at('2010-11-02'))
    .accept(sign('halde-presidente'), haldeRep, at('2010-11-10'))
    .accept(sign('amf-president'), amfRep, at('2010-11-20'));
}

function fullAmendmentApplied(): ConventionScenario {
  const scenario = fullAmendmentSigned();
  expect(scenario.tick('AMENDMENT_TOOK_EFFECT', '2011-01-01', { amendmentId: 'A1' })).toBeNull();
  return scenario;
}

describe('amendments (avenants)', () => {
  describe('proposing', () => {
    it('records the proposal as PROPOSED, by the proposing party, unsigned and not yet applied', () => {
      const scenario = haldeInForce().accept(
        propose(fullAmendment, { effectiveOn: '2011-01-01', summary: 'Avenant n° 1: rapport annuel' }),
        haldeRep,
        at('2010-11-02'),
      );

      expect(scenario.view.amendments).toEqual([
        {
          id: 'A1',
          kind: 'CHANGE',
          summary: 'Avenant n° 1: rapport annuel',
          proposedBy: 'halde',
          proposedAt: at('2010-11-02'),
          effectiveOn: '2011-01-01',
          changes: fullAmendment,
          signatures: [],
          status: 'PROPOSED',
          settledAt: null,
          diff: null,
        },
      ]);
      expect(scenario.view.rules.notice).toEqual(halde.notice);
      expect(scenario.view.commitments.map((c) => c.id)).not.toContain('annual-activity-report');
    });

    it('is refused from the admin, who cannot act for a party (FORBIDDEN)', () => {
      const scenario = haldeInForce();

      const refusal = scenario.send(propose(fullAmendment), admin, at('2010-11-02'));

      expect(refusal).toMatchObject({
        code: 'FORBIDDEN',
        message: 'the admin may not propose this amendment',
      });
      expect(scenario.view.amendments).toEqual([]);
    });

    it('is refused from the auditor and from a party foreign to the convention (FORBIDDEN)', () => {
      const scenario = haldeInForce();

      expect(scenario.send(propose(fullAmendment), auditor, at('2010-11-02'))?.code).toBe('FORBIDDEN');
      expect(scenario.send(propose(fullAmendment), regionRep, at('2010-11-02'))?.code).toBe('FORBIDDEN');
    });

    it('is refused while the convention is only SIGNED, not yet in force (INVALID_TRANSITION)', () => {
      const scenario = new ConventionScenario(halde, at('2010-06-01'), '2010-07-01').signAll(
        at('2010-06-24'),
      );

      const refusal = scenario.send(propose(fullAmendment), haldeRep, at('2010-06-25'));

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(refusal?.message).toContain('the convention is SIGNED');
    });

    it('refuses a change to a commitment the convention does not have (BAD_USER_INPUT)', () => {
      const scenario = haldeInForce();

      const refusal = scenario.send(
        propose({ changeCommitments: [{ id: 'no-such-commitment', title: 'X' }] }),
        haldeRep,
        at('2010-11-02'),
      );

      expect(refusal?.code).toBe('BAD_USER_INPUT');
      expect(scenario.view.amendments).toEqual([]);
    });

    it('refuses waiving a commitment the convention does not have (BAD_USER_INPUT)', () => {
      const refusal = haldeInForce().send(
        propose({ waiveCommitments: ['no-such-commitment'] }),
        amfRep,
        at('2010-11-02'),
      );

      expect(refusal?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses an added commitment owned by an institution that is not a party (BAD_USER_INPUT)', () => {
      const refusal = haldeInForce().send(
        propose({ addCommitments: [{ ...annualReport, owners: ['halde', 'acse'] }] }),
        haldeRep,
        at('2010-11-02'),
      );

      expect(refusal?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses changing a commitment over to an owner that is not a party (BAD_USER_INPUT)', () => {
      const refusal = haldeInForce().send(
        propose({ changeCommitments: [{ id: 'good-practice-tools', owners: ['acse'] }] }),
        haldeRep,
        at('2010-11-02'),
      );

      expect(refusal?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses an added commitment whose id is already taken (BAD_USER_INPUT)', () => {
      const refusal = haldeInForce().send(
        propose({ addCommitments: [{ ...annualReport, id: 'good-practice-tools' }] }),
        haldeRep,
        at('2010-11-02'),
      );

      expect(refusal?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses an amendment that changes nothing (BAD_USER_INPUT)', () => {
      expect(haldeInForce().send(propose({}), haldeRep, at('2010-11-02'))?.code).toBe('BAD_USER_INPUT');
    });

    it('numbers amendments A1, A2, … in order: any other id is refused (INVALID_TRANSITION)', () => {
      const scenario = haldeInForce();

      expect(scenario.send(propose(fullAmendment, { id: 'A2' }), haldeRep, at('2010-11-02'))?.code).toBe(
        'INVALID_TRANSITION',
      );
      expect(scenario.send(propose(fullAmendment, { id: 'A1' }), haldeRep, at('2010-11-02'))).toBeNull();
    });

    it('allows only one pending amendment at a time, whether PROPOSED or SIGNED (INVALID_TRANSITION)', () => {
      const scenario = haldeInForce().accept(
        propose(fullAmendment, { effectiveOn: '2011-01-01' }),
        haldeRep,
        at('2010-11-02'),
      );
      const second = propose({ waiveCommitments: ['halde-speaks-at-conferences'] }, { id: 'A2' });

      expect(scenario.send(second, amfRep, at('2010-11-03'))?.code).toBe('INVALID_TRANSITION');

      scenario
        .accept(sign('halde-presidente'), haldeRep, at('2010-11-10'))
        .accept(sign('amf-president'), amfRep, at('2010-11-20'));
      expect(scenario.view.amendments[0]?.status).toBe('SIGNED');
      expect(scenario.send(second, amfRep, at('2010-12-01'))?.code).toBe('INVALID_TRANSITION');

      scenario.tick('AMENDMENT_TOOK_EFFECT', '2011-01-01', { amendmentId: 'A1' });
      expect(scenario.send(second, amfRep, at('2011-01-05'))).toBeNull();
      expect(scenario.view.amendments.map((a) => [a.id, a.status])).toEqual([
        ['A1', 'APPLIED'],
        ['A2', 'PROPOSED'],
      ]);
    });
  });

  describe('signing', () => {
    it('stays PROPOSED until every signatory has signed, then is SIGNED at the last signature', () => {
      const scenario = haldeInForce()
        .accept(propose(fullAmendment, { effectiveOn: '2011-01-01' }), haldeRep, at('2010-11-02'))
        .accept(sign('halde-presidente'), haldeRep, at('2010-11-10'));

      expect(scenario.view.amendments[0]).toMatchObject({ status: 'PROPOSED', settledAt: null });

      scenario.accept(sign('amf-president'), amfRep, at('2010-11-20'));

      expect(scenario.view.amendments[0]).toMatchObject({
        status: 'SIGNED',
        settledAt: at('2010-11-20'),
        signatures: [
          { signatoryId: 'halde-presidente', partyId: 'halde', userId: 'user-halde', at: at('2010-11-10') },
          { signatoryId: 'amf-president', partyId: 'amf', userId: 'user-amf', at: at('2010-11-20') },
        ],
      });
      expect(scenario.view.rules.notice).toEqual(halde.notice);
    });

    it('needs all three signatories of seed 001: the Acsé signs through its director general and the préfet', () => {
      const scenario = inForceOn(region, '2008-07-11')
        .accept(
          propose({ waiveCommitments: ['explore-pooled-funding'] }, { effectiveOn: '2009-01-01' }),
          regionRep,
          at('2008-10-01'),
        )
        .accept(sign('region-idf-president'), regionRep, at('2008-10-02'))
        .accept(sign('acse-directeur-general'), acseRep, at('2008-10-03'));

      expect(scenario.view.amendments[0]?.status).toBe('PROPOSED');

      scenario.accept(sign('prefet-region-idf'), acseRep, at('2008-10-04'));

      expect(scenario.view.amendments[0]?.status).toBe('SIGNED');
      expect(scenario.view.amendments[0]?.signatures.map((s) => [s.signatoryId, s.partyId])).toEqual([
        ['region-idf-president', 'region-idf'],
        ['acse-directeur-general', 'acse'],
        ['prefet-region-idf', 'acse'],
      ]);
    });

    it('refuses a signature for another party’s signatory (FORBIDDEN)', () => {
      const scenario = haldeInForce().accept(propose(fullAmendment), haldeRep, at('2010-11-02'));

      expect(scenario.send(sign('amf-president'), haldeRep, at('2010-11-10'))?.code).toBe('FORBIDDEN');
      expect(scenario.send(sign('amf-president'), admin, at('2010-11-10'))?.code).toBe('FORBIDDEN');
      expect(scenario.view.amendments[0]?.signatures).toEqual([]);
    });

    it('refuses a second signature of the same signatory (INVALID_TRANSITION)', () => {
      const scenario = haldeInForce()
        .accept(propose(fullAmendment), haldeRep, at('2010-11-02'))
        .accept(sign('halde-presidente'), haldeRep, at('2010-11-10'));

      expect(scenario.send(sign('halde-presidente'), haldeRep, at('2010-11-11'))?.code).toBe(
        'INVALID_TRANSITION',
      );
      expect(scenario.view.amendments[0]?.signatures).toHaveLength(1);
    });

    it('refuses a signature of an amendment that does not exist (INVALID_TRANSITION)', () => {
      const scenario = haldeInForce().accept(propose(fullAmendment), haldeRep, at('2010-11-02'));

      expect(scenario.send(sign('halde-presidente', 'A2'), haldeRep, at('2010-11-10'))?.code).toBe(
        'INVALID_TRANSITION',
      );
    });
  });

  describe('withdrawal', () => {
    it('lets the proposing party withdraw before every signatory has signed: WITHDRAWN', () => {
      const scenario = haldeInForce()
        .accept(propose(fullAmendment), haldeRep, at('2010-11-02'))
        .accept(sign('halde-presidente'), haldeRep, at('2010-11-10'))
        .accept(withdraw(), haldeRep, at('2010-11-15'));

      expect(scenario.view.amendments[0]).toMatchObject({ status: 'WITHDRAWN', settledAt: at('2010-11-15') });
    });

    it('lets the other party withdraw it too, and then refuses any further signature (INVALID_TRANSITION)', () => {
      const scenario = haldeInForce()
        .accept(propose(fullAmendment), haldeRep, at('2010-11-02'))
        .accept(withdraw(), amfRep, at('2010-11-05'));

      expect(scenario.view.amendments[0]?.status).toBe('WITHDRAWN');
      expect(scenario.send(sign('amf-president'), amfRep, at('2010-11-06'))?.code).toBe('INVALID_TRANSITION');
    });

    it('frees the way for the next amendment, numbered A2', () => {
      const scenario = haldeInForce()
        .accept(propose(fullAmendment), haldeRep, at('2010-11-02'))
        .accept(withdraw(), amfRep, at('2010-11-05'))
        .accept(propose(fullAmendment, { id: 'A2' }), amfRep, at('2010-11-06'));

      expect(scenario.view.amendments.map((a) => [a.id, a.status])).toEqual([
        ['A1', 'WITHDRAWN'],
        ['A2', 'PROPOSED'],
      ]);
    });

    it('is refused once every signatory has signed (INVALID_TRANSITION)', () => {
      const scenario = fullAmendmentSigned();

      const refusal = scenario.send(withdraw(), amfRep, at('2010-12-01'));

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(scenario.view.amendments[0]?.status).toBe('SIGNED');
    });

    it('is refused from the admin and from a party foreign to the convention (FORBIDDEN)', () => {
      const scenario = haldeInForce().accept(propose(fullAmendment), haldeRep, at('2010-11-02'));

      expect(scenario.send(withdraw(), admin, at('2010-11-05'))?.code).toBe('FORBIDDEN');
      expect(scenario.send(withdraw(), acseRep, at('2010-11-05'))?.code).toBe('FORBIDDEN');
      expect(scenario.view.amendments[0]?.status).toBe('PROPOSED');
    });
  });

  describe('taking effect', () => {
    it('is planned once signed, as AMENDMENT_EFFECTIVE on its effective date', () => {
      const proposed = haldeInForce().accept(
        propose(fullAmendment, { effectiveOn: '2011-01-01' }),
        haldeRep,
        at('2010-11-02'),
      );
      expect(plan(proposed).map(([kind]) => kind)).not.toContain('AMENDMENT_EFFECTIVE');

      const deadlines = plannedDeadlines(halde, fullAmendmentSigned().snapshot);

      expect(deadlines.filter((d) => d.kind === 'AMENDMENT_EFFECTIVE')).toEqual([
        {
          key: 'conv-1:AMENDMENT_EFFECTIVE:A1:2011-01-01',
          kind: 'AMENDMENT_EFFECTIVE',
          conventionId: 'conv-1',
          subject: null,
          dueOn: '2011-01-01',
          dueAt: startOfDay('2011-01-01', PARIS),
          eventType: 'AMENDMENT_TOOK_EFFECT',
          payload: { amendmentId: 'A1' },
        },
      ]);
    });

    it('without an effective date, takes effect on the day of the last signature', () => {
      const scenario = haldeInForce()
        .accept(propose(fullAmendment), haldeRep, at('2010-11-02'))
        .accept(sign('halde-presidente'), haldeRep, at('2010-11-10'))
        .accept(sign('amf-president'), amfRep, at('2010-11-20', '15:00'));

      expect(plan(scenario)).toContainEqual(['AMENDMENT_EFFECTIVE', null, '2010-11-20']);
      expect(scenario.tick('AMENDMENT_TOOK_EFFECT', '2010-11-20', { amendmentId: 'A1' })).toBeNull();
      expect(scenario.view.amendments[0]?.status).toBe('APPLIED');
    });

    it('is refused before its effective date (INVALID_TRANSITION) and from a representative (FORBIDDEN)', () => {
      const scenario = fullAmendmentSigned();

      expect(scenario.tick('AMENDMENT_TOOK_EFFECT', '2010-12-31', { amendmentId: 'A1' })?.code).toBe(
        'INVALID_TRANSITION',
      );
      expect(
        scenario.send({ type: 'AMENDMENT_TOOK_EFFECT', amendmentId: 'A1' }, haldeRep, at('2011-01-02'))?.code,
      ).toBe('FORBIDDEN');
      expect(scenario.view.amendments[0]?.status).toBe('SIGNED');
      expect(scenario.view.rules.notice).toEqual(halde.notice);
    });

    it('is refused while the amendment is not signed by all (INVALID_TRANSITION)', () => {
      const scenario = haldeInForce()
        .accept(propose(fullAmendment, { effectiveOn: '2011-01-01' }), haldeRep, at('2010-11-02'))
        .accept(sign('halde-presidente'), haldeRep, at('2010-11-10'));

      expect(scenario.tick('AMENDMENT_TOOK_EFFECT', '2011-01-01', { amendmentId: 'A1' })?.code).toBe(
        'INVALID_TRANSITION',
      );
    });

    it('is APPLIED with its diff: the added, the changed (from → to) and the waived commitments, and the rules', () => {
      const scenario = fullAmendmentApplied();

      expect(scenario.view.amendments[0]).toMatchObject({
        status: 'APPLIED',
        diff: {
          added: ['annual-activity-report'],
          changed: [{ from: 'good-practice-tools', to: 'good-practice-tools.v2' }],
          waived: ['amf-joins-halde-working-groups'],
          rules: ['notice'],
        },
      });
      expect(plan(scenario).map(([kind]) => kind)).not.toContain('AMENDMENT_EFFECTIVE');
    });

    it('starts the added commitment IN_EFFECT on the effective date, with its first occurrence', () => {
      const added = fullAmendmentApplied().commitment('annual-activity-report');

      expect(added).toMatchObject({
        status: 'IN_EFFECT',
        amendmentId: 'A1',
        supersedes: null,
        supersededBy: null,
        owners: ['halde', 'amf'],
        startedOn: '2011-01-01',
        dueOn: '2011-12-31',
      });
      expect(added.occurrences).toEqual([
        { index: 1, startsOn: '2011-01-01', dueOn: '2011-12-31', status: 'IN_EFFECT', fulfilments: [] },
      ]);
    });

    it('replaces a changed commitment by a new version that supersedes it; the old one is WAIVED', () => {
      const scenario = fullAmendmentApplied();

      expect(scenario.commitment('good-practice-tools')).toMatchObject({
        status: 'WAIVED',
        supersededBy: 'good-practice-tools.v2',
        owners: ['halde', 'amf'],
        endedAt: startOfDay('2011-01-01', PARIS),
      });
      expect(scenario.commitment('good-practice-tools.v2')).toMatchObject({
        status: 'IN_EFFECT',
        supersedes: 'good-practice-tools',
        supersededBy: null,
        amendmentId: 'A1',
        owners: ['halde'],
        text: 'La HALDE élabore seule les outils de bonnes pratiques.',
        article: 'Article 3, action 2',
        shape: 'one-off',
      });
    });

    it('waives the waived commitment (WAIVED), with no successor', () => {
      const waived = fullAmendmentApplied().commitment('amf-joins-halde-working-groups');

      expect(waived).toMatchObject({
        status: 'WAIVED',
        supersededBy: null,
        endedAt: startOfDay('2011-01-01', PARIS),
      });
    });

    it('leaves the commitments it does not touch as they were', () => {
      const scenario = haldeInForce().accept(confirm('halde-shares-information'), haldeRep, at('2010-09-01'));
      scenario
        .accept(propose(fullAmendment, { effectiveOn: '2011-01-01' }), haldeRep, at('2010-11-02'))
        .accept(sign('halde-presidente'), haldeRep, at('2010-11-10'))
        .accept(sign('amf-president'), amfRep, at('2010-11-20'))
        .tick('AMENDMENT_TOOK_EFFECT', '2011-01-01', { amendmentId: 'A1' });

      expect(scenario.commitment('halde-shares-information')).toMatchObject({
        status: 'FULFILLED',
        supersededBy: null,
        amendmentId: null,
      });
      expect(scenario.commitment('amf-relays-information').status).toBe('IN_EFFECT');
    });

    it('gives the new version to its new owners alone: the AMF may no longer confirm it (FORBIDDEN)', () => {
      const scenario = fullAmendmentApplied();

      expect(scenario.send(confirm('good-practice-tools.v2'), amfRep, at('2011-02-01'))?.code).toBe(
        'FORBIDDEN',
      );
      scenario.accept(confirm('good-practice-tools.v2'), haldeRep, at('2011-02-01'));

      expect(scenario.commitment('good-practice-tools.v2').status).toBe('FULFILLED');
    });

    it('refuses confirming the superseded version (INVALID_TRANSITION)', () => {
      const refusal = fullAmendmentApplied().send(confirm('good-practice-tools'), haldeRep, at('2011-02-01'));

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(refusal?.message).toContain('commitment good-practice-tools is waived');
    });

    it('applies changed rules: a notice given afterwards runs for the amended six months', () => {
      const scenario = fullAmendmentApplied().accept(
        { type: 'NOTICE_GIVEN', reason: 'fin du partenariat' },
        amfRep,
        at('2011-02-01'),
      );

      expect(scenario.view.rules.notice).toEqual({ kind: 'period', period: 'P6M' });
      // Six months from 1 February end on 1 August; the convention ends the day after (rules v3).
      expect(scenario.view.notice?.effectiveOn).toBe('2011-08-02');
    });

    it('versions a commitment changed twice: A2 replaces .v2 by .v3, and the lineage reads back', () => {
      const scenario = fullAmendmentApplied()
        .accept(
          propose(
            { changeCommitments: [{ id: 'good-practice-tools.v2', owners: ['halde', 'amf'] }] },
            { id: 'A2', effectiveOn: '2011-03-01' },
          ),
          amfRep,
          at('2011-02-01'),
        )
        .accept(sign('halde-presidente', 'A2'), haldeRep, at('2011-02-02'))
        .accept(sign('amf-president', 'A2'), amfRep, at('2011-02-03'));
      expect(scenario.tick('AMENDMENT_TOOK_EFFECT', '2011-03-01', { amendmentId: 'A2' })).toBeNull();

      const lineage = ['good-practice-tools', 'good-practice-tools.v2', 'good-practice-tools.v3'].map(
        (id) => {
          const c = scenario.commitment(id);
          return [id, c.status, c.supersedes, c.supersededBy, c.amendmentId];
        },
      );
      expect(lineage).toEqual([
        ['good-practice-tools', 'WAIVED', null, 'good-practice-tools.v2', null],
        ['good-practice-tools.v2', 'WAIVED', 'good-practice-tools', 'good-practice-tools.v3', 'A1'],
        ['good-practice-tools.v3', 'IN_EFFECT', 'good-practice-tools.v2', null, 'A2'],
      ]);
      expect(scenario.view.amendments[1]?.diff?.changed).toEqual([
        { from: 'good-practice-tools.v2', to: 'good-practice-tools.v3' },
      ]);
    });

    it('refuses changing a superseded version (BAD_USER_INPUT)', () => {
      const refusal = fullAmendmentApplied().send(
        propose({ changeCommitments: [{ id: 'good-practice-tools', title: 'Outils' }] }, { id: 'A2' }),
        haldeRep,
        at('2011-02-01'),
      );

      expect(refusal?.code).toBe('BAD_USER_INPUT');
    });

    it('recomputes the term end when it changes the term: twelve months become twenty-four', () => {
      const scenario = haldeInForce()
        .accept(
          propose({ term: { kind: 'fixed', duration: 'P24M' } }, { effectiveOn: '2011-01-01' }),
          amfRep,
          at('2010-11-02'),
        )
        .accept(sign('halde-presidente'), haldeRep, at('2010-11-10'))
        .accept(sign('amf-president'), amfRep, at('2010-11-20'));
      expect(scenario.view.term).toEqual({ number: 1, startsOn: '2010-06-24', endsOn: '2011-06-23' });

      scenario.tick('AMENDMENT_TOOK_EFFECT', '2011-01-01', { amendmentId: 'A1' });

      expect(scenario.view.term).toEqual({ number: 1, startsOn: '2010-06-24', endsOn: '2012-06-23' });
      expect(scenario.view.noticeDeadline).toBe('2012-03-23');
      expect(scenario.view.amendments[0]?.diff?.rules).toEqual(['term']);
      expect(plan(scenario)).toContainEqual(['TERM_END', null, '2012-06-24']);
      expect(scenario.tick('TERM_ENDED', '2011-06-24')?.code).toBe('INVALID_TRANSITION');
    });

    it('lapses a signed amendment whose date falls after the convention ended (LAPSED)', () => {
      const scenario = haldeInForce()
        .accept({ type: 'NOTICE_GIVEN', reason: 'fin' }, amfRep, at('2010-09-01'))
        .accept(propose(fullAmendment, { effectiveOn: '2011-01-01' }), haldeRep, at('2010-11-02'))
        .accept(sign('halde-presidente'), haldeRep, at('2010-11-10'))
        .accept(sign('amf-president'), amfRep, at('2010-11-20'));

      expect(scenario.tick('TERMINATION_TOOK_EFFECT', '2010-12-02')).toBeNull();

      expect(scenario.view.amendments[0]).toMatchObject({
        status: 'LAPSED',
        settledAt: startOfDay('2010-12-02', PARIS),
      });
      expect(scenario.tick('AMENDMENT_TOOK_EFFECT', '2011-01-01', { amendmentId: 'A1' })?.code).toBe(
        'INVALID_TRANSITION',
      );
      expect(scenario.view.commitments.map((c) => c.id)).not.toContain('annual-activity-report');
    });
  });

  describe('renewal by amendment only (seed 003, Charte de la diversité–CNML)', () => {
    /** Signed in Paris on 16 June 2009: one year, to 15 June 2010. */
    function charteInForce(): ConventionScenario {
      return inForceOn(charte, '2009-06-16');
    }

    const renewal = propose({}, { kind: 'RENEWAL', summary: 'Avenant de renouvellement' });

    it('is RENEWED once every signatory has signed the renewal before the term ends', () => {
      const scenario = charteInForce()
        .accept(renewal, cnmlRep, at('2010-05-02'))
        .accept(sign('cnml-president'), cnmlRep, at('2010-05-10'));
      expect(scenario.view.status).toBe('ACTIVE');

      scenario.accept(sign('ims-president'), charteRep, at('2010-05-20'));

      expect(scenario.view.status).toBe('RENEWED');
      expect(scenario.view.amendments[0]).toMatchObject({
        id: 'A1',
        kind: 'RENEWAL',
        status: 'APPLIED',
        proposedBy: 'cnml',
        settledAt: at('2010-05-20'),
      });
      expect(plan(scenario).map(([kind]) => kind)).not.toContain('AMENDMENT_EFFECTIVE');
    });

    it('becomes ACTIVE for term 2, one more year, when term 1 ends', () => {
      const scenario = charteInForce()
        .accept(renewal, cnmlRep, at('2010-05-02'))
        .accept(sign('cnml-president'), cnmlRep, at('2010-05-10'))
        .accept(sign('ims-president'), charteRep, at('2010-05-20'));

      expect(scenario.tick('TERM_ENDED', '2010-06-15')?.code).toBe('INVALID_TRANSITION');
      expect(scenario.tick('TERM_ENDED', '2010-06-16')).toBeNull();

      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.term).toEqual({ number: 2, startsOn: '2010-06-16', endsOn: '2011-06-15' });
      expect(scenario.view.termination).toBeNull();
    });

    it('renews from the EVALUATED state too, once the review is recorded', () => {
      const review = {
        type: 'EVALUATION_SUBMITTED' as const,
        assessments: (charte.evaluation?.criteria ?? []).map((c) => ({
          criterion: c.id,
          rating: 'MET' as const,
          comment: null,
        })),
        summary: 'bilan',
      };
      const scenario = charteInForce()
        .accept(review, charteRep, at('2010-05-02'))
        .accept(review, cnmlRep, at('2010-05-02'));
      expect(scenario.view.status).toBe('EVALUATED');

      scenario
        .accept(renewal, charteRep, at('2010-05-03'))
        .accept(sign('cnml-president'), cnmlRep, at('2010-05-10'))
        .accept(sign('ims-president'), charteRep, at('2010-05-20'));

      expect(scenario.view.status).toBe('RENEWED');
    });

    it('expires at the term end without every signature (TERMINATED, EXPIRY); the renewal LAPSES', () => {
      const scenario = charteInForce()
        .accept(renewal, cnmlRep, at('2010-05-02'))
        .accept(sign('cnml-president'), cnmlRep, at('2010-05-10'));

      expect(scenario.tick('TERM_ENDED', '2010-06-16')).toBeNull();

      expect(scenario.view.status).toBe('TERMINATED');
      expect(scenario.view.termination).toMatchObject({ on: '2010-06-16', cause: 'EXPIRY' });
      expect(scenario.view.amendments[0]).toMatchObject({
        kind: 'RENEWAL',
        status: 'LAPSED',
        settledAt: startOfDay('2010-06-16', PARIS),
      });
      expect(scenario.send(sign('ims-president'), charteRep, at('2010-06-17'))?.code).toBe(
        'INVALID_TRANSITION',
      );
    });

    it('expires at the term end when the renewal was withdrawn', () => {
      const scenario = charteInForce()
        .accept(renewal, cnmlRep, at('2010-05-02'))
        .accept(withdraw(), charteRep, at('2010-05-10'));

      scenario.tick('TERM_ENDED', '2010-06-16');

      expect(scenario.view.termination?.cause).toBe('EXPIRY');
      expect(scenario.view.amendments[0]?.status).toBe('WITHDRAWN');
    });

    it('cannot be taken into effect by the scheduler: a renewal applies on its last signature', () => {
      const scenario = charteInForce()
        .accept(renewal, cnmlRep, at('2010-05-02'))
        .accept(sign('cnml-president'), cnmlRep, at('2010-05-10'));

      expect(scenario.tick('AMENDMENT_TOOK_EFFECT', '2010-05-11', { amendmentId: 'A1' })?.code).toBe(
        'INVALID_TRANSITION',
      );
      expect(scenario.view.status).toBe('ACTIVE');
    });

    it('renews term after term: a second renewal A2 in term 2 gives a term 3', () => {
      const scenario = charteInForce()
        .accept(renewal, cnmlRep, at('2010-05-02'))
        .accept(sign('cnml-president'), cnmlRep, at('2010-05-10'))
        .accept(sign('ims-president'), charteRep, at('2010-05-20'));
      scenario.tick('TERM_ENDED', '2010-06-16');

      scenario
        .accept(propose({}, { id: 'A2', kind: 'RENEWAL' }), charteRep, at('2011-05-02'))
        .accept(sign('cnml-president', 'A2'), cnmlRep, at('2011-05-10'))
        .accept(sign('ims-president', 'A2'), charteRep, at('2011-05-20'));
      expect(scenario.tick('TERM_ENDED', '2011-06-16')).toBeNull();

      expect(scenario.view.status).toBe('ACTIVE');
      expect(scenario.view.term).toEqual({ number: 3, startsOn: '2011-06-16', endsOn: '2012-06-15' });
    });

    it('refuses a second renewal once the next term is already decided (INVALID_TRANSITION)', () => {
      const scenario = charteInForce()
        .accept(renewal, cnmlRep, at('2010-05-02'))
        .accept(sign('cnml-president'), cnmlRep, at('2010-05-10'))
        .accept(sign('ims-president'), charteRep, at('2010-05-20'));

      const refusal = scenario.send(propose({}, { id: 'A2', kind: 'RENEWAL' }), cnmlRep, at('2010-05-25'));

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(scenario.view.amendments).toHaveLength(1);
    });

    it('still takes a change amendment once RENEWED', () => {
      const scenario = charteInForce()
        .accept(renewal, cnmlRep, at('2010-05-02'))
        .accept(sign('cnml-president'), cnmlRep, at('2010-05-10'))
        .accept(sign('ims-president'), charteRep, at('2010-05-20'));

      scenario.accept(
        propose({ waiveCommitments: ['cnml-website-link'] }, { id: 'A2', effectiveOn: '2010-06-16' }),
        cnmlRep,
        at('2010-05-25'),
      );

      expect(scenario.view.amendments.map((a) => [a.id, a.kind, a.status])).toEqual([
        ['A1', 'RENEWAL', 'APPLIED'],
        ['A2', 'CHANGE', 'PROPOSED'],
      ]);
    });

    it('refuses a renewal amendment on a tacitly renewed convention (seed 000, INVALID_TRANSITION)', () => {
      const scenario = haldeInForce();

      const refusal = scenario.send(propose({}, { kind: 'RENEWAL' }), haldeRep, at('2011-01-10'));

      expect(refusal?.code).toBe('INVALID_TRANSITION');
      expect(refusal?.message).toContain(
        'cannot propose this amendment: this convention is not renewed by amendment',
      );
      expect(scenario.view.amendments).toEqual([]);
    });

    it('refuses a renewal amendment from the admin (FORBIDDEN)', () => {
      expect(charteInForce().send(renewal, admin, at('2010-05-02'))?.code).toBe('FORBIDDEN');
    });
  });

  describe('scheduler', () => {
    it('is the only one to send AMENDMENT_TOOK_EFFECT: the system actor at the planned instant', () => {
      const scenario = fullAmendmentSigned();
      const [deadline] = plannedDeadlines(halde, scenario.snapshot).filter(
        (d) => d.kind === 'AMENDMENT_EFFECTIVE',
      );

      expect(
        scenario.send(
          { type: 'AMENDMENT_TOOK_EFFECT', amendmentId: 'A1' },
          SYSTEM_ACTOR,
          deadline?.dueAt as string,
        ),
      ).toBeNull();
      expect(scenario.view.amendments[0]?.status).toBe('APPLIED');
    });
  });
});

describe('what a client reads of an amended commitment (issue 14)', () => {
  /** A1 (full amendment), then A2 giving .v2 back to both parties, due within six months. */
  function twiceAmended(): ConventionScenario {
    const scenario = fullAmendmentApplied()
      .accept(
        propose(
          {
            changeCommitments: [
              { id: 'good-practice-tools.v2', owners: ['halde', 'amf'], shape: 'one-off', due: 'P6M' },
            ],
          },
          { id: 'A2', effectiveOn: '2011-03-01' },
        ),
        amfRep,
        at('2011-02-01'),
      )
      .accept(sign('halde-presidente', 'A2'), haldeRep, at('2011-02-02'))
      .accept(sign('amf-president', 'A2'), amfRep, at('2011-02-03'));
    expect(scenario.tick('AMENDMENT_TOOK_EFFECT', '2011-03-01', { amendmentId: 'A2' })).toBeNull();
    return scenario;
  }

  it('gives every version of a commitment one lineage key, its first version’s', () => {
    expect(
      [
        'good-practice-tools',
        'good-practice-tools.v2',
        'good-practice-tools.v3',
        'annual-activity-report',
      ].map(lineageKey),
    ).toEqual([
      'good-practice-tools',
      'good-practice-tools',
      'good-practice-tools',
      'annual-activity-report',
    ]);
  });

  it('reads each version’s terms in force from the definition and the applied amendments, as the machine holds them', () => {
    const scenario = twiceAmended();
    const terms = termsAfter(halde.commitments, scenario.view.amendments);

    expect(terms).toEqual(scenario.snapshot.context.terms);
    expect(terms['good-practice-tools.v3']).toMatchObject({
      owners: ['halde', 'amf'],
      shape: 'one-off',
      due: 'P6M',
      text: 'La HALDE élabore seule les outils de bonnes pratiques.',
      supersedes: 'good-practice-tools.v2',
      amendmentId: 'A2',
    });
    expect(terms['good-practice-tools.v2']).toMatchObject({ owners: ['halde'], amendmentId: 'A1' });
    expect(terms['annual-activity-report']).toMatchObject({ every: 'P1Y', amendmentId: 'A1' });
  });

  it('ignores amendments that did not take effect (proposed, signed, withdrawn) and renewals', () => {
    const scenario = fullAmendmentSigned();
    expect(termsAfter(halde.commitments, scenario.view.amendments)).toEqual(
      termsFromDefinition(halde.commitments),
    );
  });
});
