import { ConventionRules } from '../machines/definition';
import { FeedConvention, feedEntries } from './feed-entries';

const rules = {
  timeZone: 'Europe/Paris',
  renewal: { kind: 'tacit', term: 'P12M' },
} as unknown as ConventionRules;

function convention(overrides: Partial<FeedConvention> = {}): FeedConvention {
  return {
    id: 'c1',
    version: 3,
    definition: {
      timeZone: 'Europe/Paris',
      parties: [
        { id: 'halde', name: 'HALDE', shortName: 'HALDE', signatories: [] },
        { id: 'amf', name: 'AMF', shortName: 'AMF', signatories: [] },
      ],
    },
    view: {
      title: 'Convention entre l’AMF et la HALDE',
      status: 'ACTIVE',
      term: { number: 1, startsOn: '2010-06-24', endsOn: '2011-06-23' },
      notice: null,
      nextEvaluationDueOn: null,
      rules,
      formalNotices: [],
    },
    commitments: new Map([
      ['steering', { title: 'Comité de pilotage annuel', article: 'Article 6', committee: 'steering' }],
    ]),
    deadlines: [],
    ...overrides,
  };
}

describe('feedEntries', () => {
  it('shows a deadline that fires the day after on the last day people can act', () => {
    const [notice] = feedEntries(
      convention({ deadlines: [{ kind: 'NOTICE_DEADLINE', subject: null, dueOn: '2011-03-25' }] }),
    );
    expect(notice).toMatchObject({
      uid: 'c1.notice-deadline.convention@conventio',
      date: '2011-03-24',
      summary:
        'Dernier jour pour donner préavis — Convention HALDE–AMF (sans action, renouvelée tacitement le 24 juin 2011)',
      alarmDaysBefore: [30, 7],
      sequence: 3,
    });
  });

  it('shows a date that takes effect on its day as that day, without alarms', () => {
    const [termination] = feedEntries(
      convention({ deadlines: [{ kind: 'TERMINATION', subject: null, dueOn: '2011-05-10' }] }),
    );
    expect(termination).toMatchObject({ date: '2011-05-10', alarmDaysBefore: [] });
  });

  it('keys a commitment deadline by its commitment, so a later period updates the same event', () => {
    const first = feedEntries(
      convention({ deadlines: [{ kind: 'COMMITMENT_DUE', subject: 'steering', dueOn: '2011-06-24' }] }),
    );
    const next = feedEntries(
      convention({ deadlines: [{ kind: 'COMMITMENT_DUE', subject: 'steering', dueOn: '2012-06-24' }] }),
    );
    expect(first[0]!.uid).toBe('c1.commitment-due.steering@conventio');
    expect(next[0]!.uid).toBe(first[0]!.uid);
    expect(next[0]).toMatchObject({
      date: '2012-06-23',
      summary: 'Fin de la période du comité : Comité de pilotage annuel — Convention HALDE–AMF',
    });
    expect(next[0]!.description).toContain('Article 6 — Comité de pilotage annuel');
  });

  it('adds the next evaluation the API computes only when no deadline is planned for it yet', () => {
    const computed = feedEntries(
      convention({ view: { ...convention().view, nextEvaluationDueOn: '2011-06-23' } }),
    );
    expect(computed.map((e) => [e.uid, e.date])).toEqual([
      ['c1.evaluation-due.convention@conventio', '2011-06-23'],
    ]);
    const planned = feedEntries(
      convention({
        view: { ...convention().view, nextEvaluationDueOn: '2011-06-23' },
        deadlines: [{ kind: 'EVALUATION_DUE', subject: null, dueOn: '2011-06-24' }],
      }),
    );
    expect(planned.map((e) => [e.uid, e.date])).toEqual([
      ['c1.evaluation-due.convention@conventio', '2011-06-23'],
    ]);
    const ended = feedEntries(
      convention({ view: { ...convention().view, status: 'TERMINATED', nextEvaluationDueOn: '2011-06-23' } }),
    );
    expect(ended).toEqual([]);
  });

  it('writes the first of a month as French does', () => {
    const [end] = feedEntries(
      convention({ deadlines: [{ kind: 'TERM_END', subject: null, dueOn: '2011-07-01' }] }),
    );
    expect(end!.description).toContain('Date : 30 juin 2011');
    expect(end!.summary).toBe(
      'Fin de la période 1 — Convention HALDE–AMF (renouvelée tacitement le 1er juillet 2011 sauf préavis)',
    );
  });
});
