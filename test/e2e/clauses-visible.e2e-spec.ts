import { rmSync } from 'node:fs';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';

/**
 * Issue 14, « every clause visible in the API »: a client reads every rule it is bound by on
 * `Workflow` (the definition) and on `Convention.rules` (the rules the convention follows now,
 * which amendments change). The values asserted are those the fixture files state
 * (test/fixtures/definitions/clause-*.yaml) and the seeds (workflows/*.yaml).
 */

const FIXTURES = [
  'clause-until-or-deliverables',
  'clause-notice-anniversary-window',
  'clause-due-each-year',
  'clause-due-from-end',
  'clause-survival',
  'clause-breach-cure',
  'clause-force-majeure',
  'clause-committee-quorum',
  'clause-no-renewal',
  'clause-starts-on',
  'clause-survival-unlimited',
  'clause-due-by',
  'clause-committee-regular',
  'clause-termination-right',
  'clause-breach-right',
  'clause-options',
  'clause-termination-effects',
  'clause-ordering',
  'clause-due-offset',
  'clause-month-end',
  'clause-in-force-before-signature',
];

const RULE_FIELDS = `term { kind duration endsOn startsOn graceAfterSignature endsWhenFulfilled note }
  renewal { kind term note }
  notice { kind period window note }
  evaluation { cadence then note }
  breach { curePeriod termination note }
  forceMajeure { maxSuspension consequence termination note }`;
const WORKFLOW = `query($id: ID!) { workflow(id: $id) {
  sourceDocument sourceSignedOn sourcePlace
  ${RULE_FIELDS}
  committees { id cadence atLeast quorum }
  commitments { key shape due dueFrom dueBy onlyIfEndedBy after dueEachYearOn survives every dueAfterPeriod dueAtMonthEnd atLeast committee option }
  options { id title text note commitments } } }`;
const RULES = `query($id: ID!) { convention(id: $id) { status rules { ${RULE_FIELDS} } } }`;
const TERMS = `query($id: ID!) { convention(id: $id) {
  commitments { key status terms { dueFrom due onlyIfEndedBy } } } }`;
const PROPOSE_NOTICE = `mutation($id: ID!) {
  proposeAmendment(input: { conventionId: $id, summary: "Avenant n° 1 : fenêtre de dénonciation de deux mois",
    changes: { notice: { kind: "anniversary", window: "P2M" } } }) { convention { amendments { id status } } } }`;

interface Rules {
  term: {
    kind: string;
    duration: string | null;
    endsOn: string | null;
    startsOn: string | null;
    graceAfterSignature: string | null;
    endsWhenFulfilled: string[];
    note: string | null;
  };
  renewal: { kind: string; term: string | null; note: string | null };
  notice: { kind: string; period: string | null; window: string | null; note: string | null };
  evaluation: { cadence: string; then: string; note: string | null } | null;
  breach: { curePeriod: string; termination: string; note: string | null } | null;
  forceMajeure: {
    maxSuspension: string;
    consequence: string;
    termination: string;
    note: string | null;
  } | null;
}
interface CommitmentRule {
  key: string;
  shape: string;
  due: string | null;
  dueFrom: string | null;
  dueBy: string | null;
  onlyIfEndedBy: string[] | null;
  after: string | null;
  dueEachYearOn: string | null;
  survives: string | null;
  every: string | null;
  dueAfterPeriod: string | null;
  dueAtMonthEnd: boolean;
  atLeast: number | null;
  committee: string | null;
  option: string | null;
}
interface WorkflowData extends Rules {
  sourceDocument: string;
  sourceSignedOn: string | null;
  sourcePlace: string | null;
  committees: { id: string; cadence: string; atLeast: number | null; quorum: string | null }[];
  commitments: CommitmentRule[];
  options: { id: string; title: string; text: string; note: string | null; commitments: string[] }[];
}

describe('every clause visible in the API: Workflow and Convention.rules', () => {
  let workflowsDir: string;
  let world: World;
  let windowed: StoryConvention;

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-clauses-', FIXTURES);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2020-01-10T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    windowed = await world.given.signed('clause-notice-anniversary-window');
  });

  afterAll(async () => {
    await world?.dispose();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  const workflow = async (id: string) =>
    (await world.server.ok<{ workflow: WorkflowData }>(world.auditor, WORKFLOW, { id })).workflow;
  const rulesOf = async (convention: StoryConvention) =>
    (
      await world.server.ok<{ convention: { status: string; rules: Rules } }>(world.auditor, RULES, {
        id: convention.id,
      })
    ).convention;
  const commitment = (w: WorkflowData, key: string) => w.commitments.find((c) => c.key === key);

  it('shows the hard end and the completion condition of a term « jusqu’au 30 juin 2021 »', async () => {
    const w = await workflow('clause-until-or-deliverables');
    expect(w.term).toEqual({
      kind: 'until',
      duration: null,
      endsOn: '2021-06-30',
      startsOn: null,
      graceAfterSignature: null,
      endsWhenFulfilled: ['final-report', 'toolkit'],
      note: "« jusqu'au 30 juin 2021 ou jusqu'à la réception des livrables, si elle est antérieure »",
    });
    expect(w.notice).toEqual({ kind: 'none', period: null, window: null, note: null });
  });

  it('shows a fixed term with no completion condition as an empty list', async () => {
    const w = await workflow('clause-no-renewal');
    expect(w.term).toMatchObject({ kind: 'fixed', duration: 'P2Y', endsOn: null, endsWhenFulfilled: [] });
    expect(w.renewal).toEqual({ kind: 'none', term: null, note: 'The text provides no renewal.' });
    expect(w.breach).toBeNull();
    expect(w.forceMajeure).toBeNull();
  });

  it('shows the start date a definition states, on the workflow and on a convention’s rules', async () => {
    const w = await workflow('clause-starts-on');
    expect(w.term).toEqual({
      kind: 'fixed',
      duration: 'P1Y',
      endsOn: null,
      startsOn: '2025-01-01',
      graceAfterSignature: null,
      endsWhenFulfilled: [],
      note: "« La présente convention prend effet le 1er janvier 2025 pour une durée d'un an. »",
    });
    const draft = await world.given.draft('clause-starts-on');
    expect((await rulesOf(draft)).rules.term).toMatchObject({ startsOn: '2025-01-01' });
    expect((await rulesOf(windowed)).rules.term.startsOn).toBeNull();
  });

  it('shows the grace after signature a definition states (rules v4), on the workflow and on a convention’s rules', async () => {
    const w = await workflow('clause-in-force-before-signature');
    expect(w.term).toMatchObject({
      kind: 'fixed',
      duration: 'P2Y',
      startsOn: null,
      graceAfterSignature: 'P1M',
    });
    expect(w.term.note).toContain('dans le mois suivant celle-ci');
    const draft = await world.given.draft('clause-in-force-before-signature');
    expect((await rulesOf(draft)).rules.term).toMatchObject({ graceAfterSignature: 'P1M' });
    expect((await rulesOf(windowed)).rules.term.graceAfterSignature).toBeNull();
  });

  it('shows the notice window before the anniversary', async () => {
    const w = await workflow('clause-notice-anniversary-window');
    expect(w.notice).toMatchObject({ kind: 'anniversary', period: null, window: 'P3M' });
    expect(w.notice.note).toContain('dans les trois mois précédant sa date anniversaire');
  });

  it('shows dueEachYearOn, dueFrom and survives on the commitments', async () => {
    expect(commitment(await workflow('clause-due-each-year'), 'annual-activity-report')).toEqual({
      key: 'annual-activity-report',
      shape: 'RECURRING',
      due: null,
      dueFrom: null,
      dueBy: null,
      onlyIfEndedBy: null,
      after: null,
      dueEachYearOn: '04-30',
      survives: null,
      every: null,
      dueAfterPeriod: null,
      dueAtMonthEnd: false,
      // Not stated in the file: one fulfilment per occurrence, the format's default.
      atLeast: 1,
      committee: null,
      option: null,
    });
    const fromEnd = await workflow('clause-due-from-end');
    expect(commitment(fromEnd, 'final-report')).toMatchObject({ due: 'P4M', dueFrom: 'end', survives: null });
    expect(commitment(fromEnd, 'contact-person')).toMatchObject({ due: null, dueFrom: null });
    const survival = await workflow('clause-survival');
    expect(commitment(survival, 'confidentiality')).toMatchObject({ shape: 'STANDING', survives: 'P5Y' });
    expect(commitment(survival, 'contact-person')).toMatchObject({ survives: null });
    const forGood = await workflow('clause-survival-unlimited');
    expect(commitment(forGood, 'confidentiality')).toMatchObject({
      shape: 'STANDING',
      survives: 'unlimited',
    });
    expect(commitment(forGood, 'archives')).toMatchObject({ survives: 'P5Y' });
    // A due counted from the start, as the definition leaves it implicit.
    expect(commitment(await workflow('clause-breach-cure'), 'training-sessions')).toMatchObject({
      due: 'P3M',
      dueFrom: 'start',
    });
  });

  it('shows the date a one-off is due by « au plus tard le 31 décembre 2025 »', async () => {
    const w = await workflow('clause-due-by');
    expect(commitment(w, 'study')).toMatchObject({
      shape: 'ONE_OFF',
      due: null,
      dueFrom: null,
      dueBy: '2025-12-31',
    });
    expect(commitment(w, 'contact-person')).toMatchObject({ dueBy: null });
    expect(commitment(await workflow('clause-due-from-end'), 'final-report')).toMatchObject({ dueBy: null });
  });

  it('shows the offset of a due date inside its period, « au plus tard le 10 du mois suivant », on the workflow and in Commitment.terms', async () => {
    const w = await workflow('clause-due-offset');
    expect(commitment(w, 'monthly-statement')).toMatchObject({
      shape: 'RECURRING',
      every: 'P1M',
      dueAfterPeriod: 'P10D',
      dueEachYearOn: null,
    });
    expect(commitment(w, 'yearly-report')).toMatchObject({ every: 'P1Y', dueAfterPeriod: null });
    expect(commitment(await workflow('clause-due-each-year'), 'annual-activity-report')).toMatchObject({
      dueAfterPeriod: null,
    });

    const signed = await world.given.signed('clause-due-offset');
    const { convention } = await world.server.ok<{
      convention: {
        commitments: { key: string; terms: { every: string | null; dueAfterPeriod: string | null } }[];
      };
    }>(
      world.auditor,
      `query($id: ID!) { convention(id: $id) { commitments { key terms { every dueAfterPeriod } } } }`,
      { id: signed.id },
    );
    expect(convention.commitments).toEqual([
      { key: 'monthly-statement', terms: { every: 'P1M', dueAfterPeriod: 'P10D' } },
      { key: 'yearly-report', terms: { every: 'P1Y', dueAfterPeriod: null } },
      { key: 'premises', terms: { every: null, dueAfterPeriod: null } },
    ]);
  });

  it('shows how the convention must end for a commitment to arise, on the workflow and in Commitment.terms', async () => {
    const w = await workflow('clause-termination-effects');
    expect(commitment(w, 'repayment')).toMatchObject({
      shape: 'ONE_OFF',
      due: 'P2M',
      dueFrom: 'end',
      onlyIfEndedBy: ['breach'],
    });
    expect(commitment(w, 'final-report')).toMatchObject({ due: 'P4M', dueFrom: 'end', onlyIfEndedBy: null });
    expect(commitment(await workflow('clause-due-from-end'), 'final-report')).toMatchObject({
      onlyIfEndedBy: null,
    });

    const signed = await world.given.signed('clause-termination-effects');
    const { convention } = await world.server.ok<{
      convention: { commitments: { key: string; status: string; terms: Record<string, unknown> }[] };
    }>(world.auditor, TERMS, { id: signed.id });
    expect(convention.commitments.filter((c) => c.terms.dueFrom === 'end')).toEqual([
      {
        key: 'repayment',
        status: 'SCHEDULED',
        terms: { dueFrom: 'end', due: 'P2M', onlyIfEndedBy: ['breach'] },
      },
      {
        key: 'final-report',
        status: 'SCHEDULED',
        terms: { dueFrom: 'end', due: 'P4M', onlyIfEndedBy: null },
      },
    ]);
  });

  it('shows a due date at the end of the month a duration reaches, « le dernier jour du deuxième mois suivant »', async () => {
    const w = await workflow('clause-month-end');
    expect(commitment(w, 'payment')).toMatchObject({
      due: 'P2M',
      dueFrom: 'after',
      after: 'invoice',
      dueAtMonthEnd: true,
    });
    expect(commitment(w, 'quarterly-statement')).toMatchObject({
      every: 'P3M',
      dueAfterPeriod: 'P2M',
      dueAtMonthEnd: true,
    });
    expect(commitment(w, 'invoice')).toMatchObject({ dueAtMonthEnd: false });
  });

  it('shows the commitment a one-off comes after, « à compter de leur remise »', async () => {
    const w = await workflow('clause-ordering');
    expect(commitment(w, 'validation')).toMatchObject({
      shape: 'ONE_OFF',
      due: 'P1M',
      dueFrom: 'after',
      dueBy: null,
      after: 'delivery',
    });
    expect(commitment(w, 'publication')).toMatchObject({ due: null, dueFrom: null, after: 'validation' });
    expect(commitment(w, 'delivery')).toMatchObject({ dueFrom: 'start', after: null });
    expect(commitment(await workflow('clause-due-by'), 'study')).toMatchObject({ after: null });
  });

  it("shows it on a convention's commitments, in their terms, and what one waits for", async () => {
    const draft = await world.given.draft('clause-ordering');
    const { convention } = await world.server.ok<{
      convention: {
        commitments: {
          key: string;
          status: string;
          waitingFor: string | null;
          terms: { after: string | null };
        }[];
      };
    }>(
      world.auditor,
      `query($id: ID!) { convention(id: $id) { commitments { key status waitingFor terms { after } } } }`,
      {
        id: draft.id,
      },
    );
    expect(convention.commitments.find((c) => c.key === 'validation')).toEqual({
      key: 'validation',
      status: 'SCHEDULED',
      waitingFor: 'delivery',
      terms: { after: 'delivery' },
    });
    expect(convention.commitments.find((c) => c.key === 'delivery')).toMatchObject({
      waitingFor: null,
      terms: { after: null },
    });
  });

  it('shows the breach and force-majeure clauses', async () => {
    const breach = await workflow('clause-breach-cure');
    expect(breach.breach).toEqual({
      curePeriod: 'P1M',
      termination: 'automatic',
      note: '« un mois après une mise en demeure restée sans effet »',
    });
    expect(breach.forceMajeure).toBeNull();
    const forceMajeure = await workflow('clause-force-majeure');
    expect(forceMajeure.forceMajeure).toEqual({
      maxSuspension: 'P6M',
      consequence: 'terminate',
      termination: 'automatic',
      note: '« si la suspension dure plus de six mois, la convention est résiliée de plein droit »',
    });
    expect(forceMajeure.breach).toBeNull();
  });

  it('shows a right to terminate for force majeure, « l’autre partie pourra résilier », on the workflow and the rules', async () => {
    const w = await workflow('clause-termination-right');
    expect(w.forceMajeure).toEqual({
      maxSuspension: 'P1M',
      consequence: 'terminate',
      termination: 'right',
      note: "« En cas de force majeure d'une durée supérieure à un mois, l'autre partie pourra résilier la présente convention »",
    });
    const draft = await world.given.draft('clause-termination-right');
    expect((await rulesOf(draft)).rules.forceMajeure).toEqual(w.forceMajeure);
  });

  it('shows a right to terminate for breach, « pourra être résiliée par l’autre partie », on the workflow and the rules', async () => {
    const w = await workflow('clause-breach-right');
    expect(w.breach).toEqual({
      curePeriod: 'P1M',
      termination: 'right',
      note: "« la convention pourra être résiliée par l'autre partie à l'expiration d'un délai d'un mois suivant une mise en demeure restée sans effet »",
    });
    const draft = await world.given.draft('clause-breach-right');
    expect((await rulesOf(draft)).rules.breach).toEqual(w.breach);
  });

  it('shows the evaluation note, the committees’ quorum and the place of signature', async () => {
    const w = await workflow('clause-committee-quorum');
    expect(w.evaluation?.note).toContain('évaluent annuellement les résultats obtenus');
    expect(w.committees).toEqual([
      { id: 'technical', cadence: 'P1Y', atLeast: 2, quorum: null },
      { id: 'steering', cadence: 'P1Y', atLeast: 1, quorum: 'all' },
    ]);
    expect(commitment(w, 'steering-committee-meeting')).toMatchObject({
      every: 'P1Y',
      atLeast: 1,
      committee: 'steering',
    });
    expect(w.sourceSignedOn).toBe('2015-11-17');
    expect(w.sourcePlace).toBeNull();
    const halde = await workflow('halde-amf-2010');
    expect(halde).toMatchObject({ sourceSignedOn: '2010-06-24', sourcePlace: 'Paris' });
  });

  it('shows a committee that meets « régulièrement »: cadence "regularly", no atLeast', async () => {
    const w = await workflow('clause-committee-regular');
    expect(w.committees).toEqual([
      { id: 'follow-up', cadence: 'regularly', atLeast: null, quorum: '2' },
      { id: 'technical', cadence: 'P1Y', atLeast: 1, quorum: null },
    ]);
    expect(w.commitments.filter((c) => c.committee !== null).map((c) => c.committee)).toEqual(['technical']);
  });

  it("shows the same clauses on a convention's rules", async () => {
    const forceMajeure = await world.given.draft('clause-force-majeure');
    const breach = await world.given.draft('clause-breach-cure');
    const until = await world.given.draft('clause-until-or-deliverables');
    expect((await rulesOf(forceMajeure)).rules.forceMajeure).toEqual({
      maxSuspension: 'P6M',
      consequence: 'terminate',
      termination: 'automatic',
      note: '« si la suspension dure plus de six mois, la convention est résiliée de plein droit »',
    });
    expect((await rulesOf(breach)).rules.breach).toMatchObject({
      curePeriod: 'P1M',
      termination: 'automatic',
    });
    expect((await rulesOf(until)).rules.term).toMatchObject({
      endsOn: '2021-06-30',
      endsWhenFulfilled: ['final-report', 'toolkit'],
    });
  });

  it("shows an amended notice window on the convention's rules, not on the workflow", async () => {
    expect((await rulesOf(windowed)).rules.notice).toMatchObject({ kind: 'anniversary', window: 'P3M' });
    await world.as('association-a').does(PROPOSE_NOTICE, { id: windowed.id });
    await world.as('association-a').signsAmendment(windowed.id);
    await world.as('association-b').signsAmendment(windowed.id);

    expect((await rulesOf(windowed)).rules.notice).toMatchObject({ kind: 'anniversary', window: 'P2M' });
    expect((await workflow('clause-notice-anniversary-window')).notice.window).toBe('P3M');
  });

  it('shows the options a definition offers on the workflow, and which were chosen on a convention', async () => {
    const w = await workflow('clause-options');
    expect(w.options).toEqual([
      {
        id: 'programme-numerique',
        title: "Programme d'accompagnement numérique",
        text: expect.stringContaining("dans ce cas il s'engage"),
        note: 'Article 5 of the text; chosen, or not, when the convention is created',
        commitments: ['volunteer-training', 'digital-report'],
      },
    ]);
    expect(w.commitments.filter((c) => c.option !== null).map((c) => c.key)).toEqual([
      'volunteer-training',
      'digital-report',
    ]);
    expect((await workflow('clause-due-by')).options).toEqual([]);
    expect((await workflow('clause-due-by')).commitments.every((c) => c.option === null)).toBe(true);
    const draft = await world.given.draft('clause-options');
    const { convention } = await world.server.ok<{ convention: { options: unknown[] } }>(
      world.auditor,
      'query($id: ID!) { convention(id: $id) { options { id chosen } } }',
      { id: draft.id },
    );
    expect(convention.options).toEqual([{ id: 'programme-numerique', chosen: false }]);
  });
});
