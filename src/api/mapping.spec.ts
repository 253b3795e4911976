import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConventionDefinition } from '../machines/definition';
import { parseDefinition } from '../workflows/load-definitions';
import { ConventionScenario, representative } from '../machines/testing/convention-scenario';
import { at } from '../machines/testing/seed-events';
import { toCommitment, toConvention, toWorkflow } from './mapping';

/** Every seed and fixture definition, parsed as the server loads them. */
const ROOT = join(__dirname, '../..');
const FILES = [
  ...readdirSync(join(ROOT, 'workflows'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(ROOT, 'workflows', f)),
  ...readdirSync(join(ROOT, 'test/fixtures/definitions'))
    .filter((f) => f.startsWith('clause-') && f.endsWith('.yaml'))
    .map((f) => join(ROOT, 'test/fixtures/definitions', f)),
];

function load(file: string): ConventionDefinition {
  const parsed = parseDefinition(readFileSync(file, 'utf8'), file);
  if (!('definition' in parsed)) throw new Error(`${file}: ${JSON.stringify(parsed.problems)}`);
  return parsed.definition;
}

describe('toWorkflow: every clause of the definition that binds a party', () => {
  it.each(FILES.map((file) => [file.slice(ROOT.length + 1), file]))('%s', (_name, file) => {
    const d = load(file);
    const w = toWorkflow(d);

    expect(w.sourcePlace).toBe(d.source.place ?? null);
    expect(w.term.kind).toBe(d.term.kind);
    expect(w.term.duration).toBe(d.term.kind === 'fixed' ? d.term.duration : null);
    expect(w.term.endsOn).toBe(d.term.kind === 'until' ? d.term.endsOn : null);
    expect(w.term.startsOn).toBe(d.term.startsOn ?? null);
    expect(w.term.graceAfterSignature).toBe(d.term.graceAfterSignature ?? null);
    expect(w.term.endsWhenFulfilled).toEqual(
      d.term.kind === 'open-ended' ? [] : (d.term.endsWhenFulfilled ?? []),
    );
    expect(w.notice.period).toBe(d.notice.kind === 'period' ? d.notice.period : null);
    expect(w.notice.window).toBe(d.notice.kind === 'anniversary' ? (d.notice.window ?? null) : null);
    expect(w.evaluation?.note ?? null).toBe(d.evaluation?.note ?? null);
    expect(w.breach).toEqual(
      d.breach
        ? {
            curePeriod: d.breach.curePeriod,
            termination: d.breach.termination ?? 'automatic',
            note: d.breach.note ?? null,
          }
        : null,
    );
    expect(w.forceMajeure).toEqual(
      d.forceMajeure
        ? {
            maxSuspension: d.forceMajeure.maxSuspension,
            consequence: 'terminate',
            termination: d.forceMajeure.termination ?? 'automatic',
            note: d.forceMajeure.note ?? null,
          }
        : null,
    );
    expect(w.committees.map((c) => [c.id, c.cadence, c.atLeast])).toEqual(
      d.committees.map((c) => [c.id, c.cadence, c.atLeast ?? null]),
    );
    expect(w.commitments.map((c) => c.key)).toEqual(d.commitments.map((c) => c.id));
    expect(w.commitments.map((c) => c.option)).toEqual(d.commitments.map((c) => c.option ?? null));
    expect(w.options.map((o) => o.id)).toEqual((d.options ?? []).map((o) => o.id));
    d.commitments.forEach((c, i) => {
      expect(w.commitments[i]).toMatchObject({
        due: c.due ?? null,
        dueFrom: c.dueFrom ?? (c.due === undefined ? null : c.after ? 'after' : 'start'),
        dueBy: c.dueBy ?? null,
        onlyIfEndedBy: c.onlyIfEndedBy ?? null,
        after: c.after ?? null,
        condition: c.if ?? null,
        dueEachYearOn: c.dueEachYearOn ?? null,
        survives: c.survives ?? null,
        every: c.every ?? null,
        dueAfterPeriod: c.dueAfterPeriod ?? null,
        atLeast: c.atLeast ?? null,
        committee: c.committee ?? null,
      });
    });
  });

  it('gives a definition with none of the optional clauses nulls and an empty completion condition', () => {
    const d = load(join(ROOT, 'test/fixtures/definitions/clause-no-renewal.yaml'));
    const w = toWorkflow(d);
    expect(w.term).toEqual({
      kind: 'fixed',
      duration: 'P2Y',
      endsOn: null,
      startsOn: null,
      graceAfterSignature: null,
      endsWhenFulfilled: [],
      note: null,
    });
    expect(w.notice).toEqual({
      kind: 'none',
      period: null,
      window: null,
      note: 'The text gives no way to end the convention early.',
    });
    expect(w.breach).toBeNull();
    expect(w.forceMajeure).toBeNull();
    expect(w.sourcePlace).toBeNull();
  });

  it('gives the start date a definition states, « prend effet le 1er janvier 2025 »', () => {
    const w = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-starts-on.yaml')));
    expect(w.term).toMatchObject({ kind: 'fixed', duration: 'P1Y', startsOn: '2025-01-01' });
  });

  it('gives survives: unlimited as the definition states it', () => {
    const w = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-survival-unlimited.yaml')));
    expect(w.commitments.map((c) => [c.key, c.survives])).toEqual([
      ['confidentiality', 'unlimited'],
      ['archives', 'P5Y'],
      ['contact-person', null],
    ]);
  });

  it('gives the grace after signature a definition states, « dans le mois suivant la signature »', () => {
    const w = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-in-force-before-signature.yaml')));
    expect(w.term).toMatchObject({ kind: 'fixed', duration: 'P2Y', graceAfterSignature: 'P1M' });
  });

  it('counts a due with no dueFrom from the start, and says end when the text says so', () => {
    const fromEnd = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-due-from-end.yaml')));
    expect(fromEnd.commitments.find((c) => c.key === 'final-report')).toMatchObject({
      due: 'P4M',
      dueFrom: 'end',
    });
    const guide = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-force-majeure.yaml')));
    expect(guide.commitments.find((c) => c.key === 'joint-guide')).toMatchObject({
      due: 'P6M',
      dueFrom: 'start',
    });
  });

  it('shows the date a one-off is due by, and no due or dueFrom beside it', () => {
    const w = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-due-by.yaml')));
    expect(w.commitments.map((c) => [c.key, c.dueBy, c.due, c.dueFrom])).toEqual([
      ['contact-person', null, null, null],
      ['study', '2025-12-31', null, null],
      ['toolkit', '2026-06-30', null, null],
    ]);
  });

  it('shows the offset of a due date inside its period, and null on the commitments without it', () => {
    const w = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-due-offset.yaml')));
    expect(w.commitments.map((c) => [c.key, c.every, c.dueAfterPeriod])).toEqual([
      ['monthly-statement', 'P1M', 'P10D'],
      ['yearly-report', 'P1Y', null],
      ['premises', null, null],
    ]);
  });

  it('shows the period an occurrence covers beside the days it is owed, the same days without an offset', () => {
    const definition = load(join(ROOT, 'test/fixtures/definitions/clause-due-offset.yaml'));
    const scenario = new ConventionScenario(definition, at('2023-12-15')).signAll(at('2023-12-15'));
    scenario.runUntil('2024-02-11');
    const commitments = scenario.view.commitments.map((v) =>
      toCommitment(definition, 'conv-1', v, at('2024-02-11')),
    );
    const occurrences = (key: string) =>
      commitments
        .find((c) => c.key === key)
        ?.occurrences.map((o) => [o.periodStartsOn, o.periodEndsOn, o.startsOn, o.dueOn, o.status]);
    expect(occurrences('monthly-statement')).toEqual([
      ['2024-01-01', '2024-01-31', '2024-01-01', '2024-02-10', 'VIOLATED'],
      ['2024-02-01', '2024-02-29', '2024-02-11', '2024-03-10', 'IN_EFFECT'],
    ]);
    expect(occurrences('yearly-report')).toEqual([
      ['2024-01-01', '2024-12-31', '2024-01-01', '2024-12-31', 'IN_EFFECT'],
    ]);
  });

  it('shows how the convention must end for a commitment to arise, and null where it arises on any end', () => {
    const w = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-termination-effects.yaml')));
    expect(w.commitments.map((c) => [c.key, c.due, c.dueFrom, c.onlyIfEndedBy])).toEqual([
      ['use-of-funds', null, null, null],
      ['interim-report', 'P12M', 'start', null],
      ['repayment', 'P2M', 'end', ['breach']],
      ['final-report', 'P4M', 'end', null],
    ]);
  });

  it('shows a committee that meets « régulièrement » with cadence "regularly" and no atLeast', () => {
    const w = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-committee-regular.yaml')));
    expect(w.committees.map((c) => [c.id, c.cadence, c.atLeast, c.quorum])).toEqual([
      ['follow-up', 'regularly', null, '2'],
      ['technical', 'P1Y', 1, null],
    ]);
  });

  it('says how force majeure terminates: "right" where the text says « pourra résilier », else "automatic"', () => {
    const right = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-termination-right.yaml')));
    expect(right.forceMajeure).toMatchObject({
      maxSuspension: 'P1M',
      consequence: 'terminate',
      termination: 'right',
    });
    const automatic = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-force-majeure.yaml')));
    expect(automatic.forceMajeure?.termination).toBe('automatic');
  });

  it('shows the right to terminate open on the convention while suspended past the limit, and not after it resumes', () => {
    const definition = load(join(ROOT, 'test/fixtures/definitions/clause-termination-right.yaml'));
    const mds = representative('maison-des-solidarites');
    const scenario = new ConventionScenario(definition, at('2024-01-10'))
      .signAll(at('2024-01-15'))
      .runUntil('2025-01-10')
      .accept({ type: 'CONVENTION_SUSPENDED', reason: 'Incendie' }, mds, at('2025-01-10'));
    const base = { id: 'conv-1', version: 1, updatedAt: at('2025-02-11'), snapshot: null };
    const convention = () => toConvention(definition, base, scenario.view, at('2025-02-11'));
    expect(convention().terminationRight).toBeNull();
    scenario.runUntil('2025-02-11');
    expect(convention().terminationRight).toEqual({
      cause: 'FORCE_MAJEURE',
      since: '2025-02-11',
      holders: ['ville-lyon'],
      commitmentKey: null,
    });
    scenario.accept({ type: 'CONVENTION_RESUMED' }, mds, at('2025-02-12'));
    expect(convention().terminationRight).toBeNull();
  });

  it('shows the options a definition offers, with the commitments each one brings', () => {
    const w = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-options.yaml')));
    expect(w.options).toEqual([
      {
        id: 'programme-numerique',
        title: "Programme d'accompagnement numérique",
        text: expect.stringContaining("Le bénéficiaire peut adhérer au programme d'accompagnement numérique"),
        note: 'Article 5 of the text; chosen, or not, when the convention is created',
        commitments: ['volunteer-training', 'digital-report'],
      },
    ]);
    expect(w.commitments.map((c) => [c.key, c.option])).toEqual([
      ['activity-report', null],
      ['funding', null],
      ['volunteer-training', 'programme-numerique'],
      ['digital-report', 'programme-numerique'],
    ]);
  });

  it('shows the commitment a one-off comes after, and its due counted from then', () => {
    const w = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-ordering.yaml')));
    expect(w.commitments.map((c) => [c.key, c.after, c.due, c.dueFrom])).toEqual([
      ['contact-person', null, null, null],
      ['delivery', null, 'P1Y', 'start'],
      ['validation', 'delivery', 'P1M', 'after'],
      ['publication', 'validation', null, null],
    ]);
  });
});

describe('toConvention: the options chosen at creation', () => {
  const d = load(join(ROOT, 'test/fixtures/definitions/clause-options.yaml'));
  const base = { id: 'conv-1', version: 1, updatedAt: '2024-03-01T09:00:00.000Z', snapshot: null };
  const convention = (chosen?: string[]) =>
    toConvention(
      d,
      base,
      new ConventionScenario(d, '2024-03-01T09:00:00.000Z', null, undefined, chosen).view,
      '2024-03-01T09:00:00.000Z',
    );

  it('says which of its definition’s options were chosen', () => {
    expect(convention(['programme-numerique']).options).toEqual([
      { id: 'programme-numerique', title: "Programme d'accompagnement numérique", chosen: true },
    ]);
    expect(convention().options).toEqual([
      { id: 'programme-numerique', title: "Programme d'accompagnement numérique", chosen: false },
    ]);
  });

  it('has no options when its definition offers none', () => {
    const plain = load(join(ROOT, 'test/fixtures/definitions/clause-due-by.yaml'));
    const view = new ConventionScenario(plain, '2024-03-01T09:00:00.000Z').view;
    expect(toConvention(plain, base, view, '2024-03-01T09:00:00.000Z').options).toEqual([]);
  });

  it('says how breach terminates: "right" where the text says « pourra être résiliée », else "automatic"', () => {
    const right = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-breach-right.yaml')));
    expect(right.breach).toMatchObject({ curePeriod: 'P1M', termination: 'right' });
    const automatic = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-breach-cure.yaml')));
    expect(automatic.breach?.termination).toBe('automatic');
  });

  it('shows the right to terminate for breach from the day after the cure period, and not once cured late', () => {
    const definition = load(join(ROOT, 'test/fixtures/definitions/clause-breach-right.yaml'));
    const lyon = representative('ville-lyon');
    const mds = representative('maison-des-solidarites');
    const scenario = new ConventionScenario(definition, at('2024-01-10'))
      .signAll(at('2024-01-15'))
      .runUntil('2024-07-20')
      .accept(
        { type: 'FORMAL_NOTICE_SERVED', commitmentId: 'rapport-activite', reason: 'Rapport non remis' },
        lyon,
        at('2024-07-20'),
      );
    const base = { id: 'conv-1', version: 1, updatedAt: at('2024-08-21'), snapshot: null };
    const convention = () => toConvention(definition, base, scenario.view, at('2024-08-21'));
    expect(convention().terminationRight).toBeNull();
    expect(convention().terminationRights).toEqual([]);
    scenario.runUntil('2024-08-21');
    const right = {
      cause: 'BREACH',
      since: '2024-08-21',
      holders: ['ville-lyon'],
      commitmentKey: 'rapport-activite',
    };
    expect(convention().terminationRight).toEqual(right);
    expect(convention().terminationRights).toEqual([right]);
    scenario.accept(
      {
        type: 'COMMITMENT_CONFIRMED',
        commitmentId: 'rapport-activite',
        note: 'Remis en retard',
        evidenceUrl: null,
      },
      mds,
      at('2024-09-10'),
    );
    expect(convention().terminationRight).toBeNull();
    expect(convention().terminationRights).toEqual([]);
  });

  it('shows no right once the convention ended', () => {
    const definition = load(join(ROOT, 'test/fixtures/definitions/clause-breach-right.yaml'));
    const lyon = representative('ville-lyon');
    const scenario = new ConventionScenario(definition, at('2024-01-10'))
      .signAll(at('2024-01-15'))
      .runUntil('2024-07-20')
      .accept(
        { type: 'FORMAL_NOTICE_SERVED', commitmentId: 'rapport-activite', reason: 'Rapport non remis' },
        lyon,
        at('2024-07-20'),
      )
      .runUntil('2024-08-21')
      .accept({ type: 'TERMINATION_EXERCISED', reason: 'Lettre recommandée' }, lyon, at('2024-09-02'));
    const base = { id: 'conv-1', version: 1, updatedAt: at('2024-09-02'), snapshot: null };
    const convention = toConvention(definition, base, scenario.view, at('2024-09-02'));
    expect(convention.termination).toMatchObject({ cause: 'BREACH', on: '2024-09-02' });
    expect(convention.terminationRight).toBeNull();
    expect(convention.terminationRights).toEqual([]);
  });
});
