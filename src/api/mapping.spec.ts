import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConventionDefinition } from '../machines/definition';
import { parseDefinition } from '../workflows/load-definitions';
import { toWorkflow } from './mapping';

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
    expect(w.term.endsWhenFulfilled).toEqual(
      d.term.kind === 'open-ended' ? [] : (d.term.endsWhenFulfilled ?? []),
    );
    expect(w.notice.period).toBe(d.notice.kind === 'period' ? d.notice.period : null);
    expect(w.notice.window).toBe(d.notice.kind === 'anniversary' ? (d.notice.window ?? null) : null);
    expect(w.evaluation?.note ?? null).toBe(d.evaluation?.note ?? null);
    expect(w.breach).toEqual(
      d.breach ? { curePeriod: d.breach.curePeriod, note: d.breach.note ?? null } : null,
    );
    expect(w.forceMajeure).toEqual(
      d.forceMajeure
        ? {
            maxSuspension: d.forceMajeure.maxSuspension,
            consequence: 'terminate',
            note: d.forceMajeure.note ?? null,
          }
        : null,
    );
    expect(w.committees.map((c) => [c.id, c.cadence, c.atLeast])).toEqual(
      d.committees.map((c) => [c.id, c.cadence, c.atLeast ?? null]),
    );
    expect(w.commitments.map((c) => c.key)).toEqual(d.commitments.map((c) => c.id));
    d.commitments.forEach((c, i) => {
      expect(w.commitments[i]).toMatchObject({
        due: c.due ?? null,
        dueFrom: c.dueFrom ?? (c.due === undefined ? null : c.after ? 'after' : 'start'),
        dueBy: c.dueBy ?? null,
        after: c.after ?? null,
        condition: c.if ?? null,
        dueEachYearOn: c.dueEachYearOn ?? null,
        survives: c.survives ?? null,
        every: c.every ?? null,
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

  it('shows a committee that meets « régulièrement » with cadence "regularly" and no atLeast', () => {
    const w = toWorkflow(load(join(ROOT, 'test/fixtures/definitions/clause-committee-regular.yaml')));
    expect(w.committees.map((c) => [c.id, c.cadence, c.atLeast, c.quorum])).toEqual([
      ['follow-up', 'regularly', null, '2'],
      ['technical', 'P1Y', 1, null],
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
