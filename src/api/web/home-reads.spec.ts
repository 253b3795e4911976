import {
  awaitingConfirmation,
  byUrgency,
  consequenceOf,
  daysBetween,
  lastDayOf,
  Urgency,
  urgencyOf,
} from './home-reads';

const ZONE = 'Europe/Paris';
const TODAY = '2011-03-01';

const commitment = (
  id: string,
  status: string,
  dueOn: string | null,
  overdue = false,
  fulfilledAt: string | null = null,
) => ({
  id,
  status,
  dueOn,
  overdue,
  fulfilledAt,
});

describe("a representative's home", () => {
  it('puts a commitment in its urgency group: due soon is up to 30 days ahead, the 31st is later', () => {
    expect(urgencyOf(commitment('a', 'IN_EFFECT', '2011-02-01', true), TODAY, ZONE)).toBe(Urgency.OVERDUE);
    expect(urgencyOf(commitment('b', 'IN_EFFECT', '2011-03-31'), TODAY, ZONE)).toBe(Urgency.DUE_SOON);
    expect(urgencyOf(commitment('c', 'IN_EFFECT', '2011-04-01'), TODAY, ZONE)).toBe(Urgency.LATER);
    expect(urgencyOf(commitment('d', 'SCHEDULED', null), TODAY, ZONE)).toBe(Urgency.LATER);
    expect(urgencyOf(commitment('e', 'FULFILLED', '2011-02-01'), TODAY, ZONE)).toBe(Urgency.FULFILLED);
    expect(urgencyOf(commitment('f', 'VIOLATED', '2011-02-01'), TODAY, ZONE)).toBe(Urgency.CLOSED);
  });

  it('orders overdue, due soon, later (undated last), fulfilled (latest first), closed', () => {
    const items = [
      commitment('closed', 'WAIVED', '2010-01-01'),
      commitment('old-done', 'FULFILLED', '2010-05-01', false, '2010-05-01T10:00:00Z'),
      commitment('undated', 'IN_EFFECT', null),
      commitment('later', 'IN_EFFECT', '2011-09-01'),
      commitment('new-done', 'FULFILLED', '2010-01-01', false, '2011-02-01T10:00:00Z'),
      commitment('soon-b', 'IN_EFFECT', '2011-03-10'),
      commitment('soon-a', 'IN_EFFECT', '2011-03-10'),
      commitment('late', 'IN_EFFECT', '2011-02-20', true),
    ];
    const ranked = byUrgency(items.map((item) => ({ item, urgency: urgencyOf(item, TODAY, ZONE) })));
    expect(ranked.map((c) => c.id)).toEqual([
      'late',
      'soon-a',
      'soon-b',
      'later',
      'undated',
      'new-done',
      'old-done',
      'closed',
    ]);
  });

  it('names the owners that still have to confirm an open joint commitment', () => {
    const joint = { owners: ['halde', 'amf'], confirmations: [{ partyId: 'amf' }] };
    expect(awaitingConfirmation({ ...joint, status: 'IN_EFFECT' })).toEqual(['halde']);
    expect(awaitingConfirmation({ ...joint, status: 'FULFILLED' })).toEqual([]);
    expect(awaitingConfirmation({ owners: ['amf'], confirmations: [], status: 'SCHEDULED' })).toEqual([
      'amf',
    ]);
  });

  it('counts the days left to the last day of what a deadline closes', () => {
    expect(lastDayOf({ kind: 'NOTICE_DEADLINE', dueOn: '2011-03-25' }, ZONE)).toBe('2011-03-24');
    expect(lastDayOf({ kind: 'EFFECTIVE_DATE', dueOn: '2011-03-25' }, ZONE)).toBeNull();
    // The last day a suspension may last: the limit day under rules v2 (the deadline fires the
    // day after), the eve of the limit day under v1 (it fired on the limit day).
    expect(lastDayOf({ kind: 'SUSPENSION_LIMIT', dueOn: '2020-09-02' }, ZONE)).toBe('2020-09-01');
    expect(daysBetween('2011-03-24', '2011-03-24')).toBe(0);
    // Across the change to summer time (27 March 2011 in Paris): whole days all the same.
    expect(daysBetween('2011-03-20', '2011-04-02')).toBe(13);
    expect(daysBetween('2011-03-25', '2011-03-24')).toBe(-1);
  });

  it('says what happens if nobody acts, as the convention would', () => {
    expect(
      consequenceOf(
        { kind: 'NOTICE_DEADLINE', dueOn: '2011-03-25', subject: null },
        { status: 'ACTIVE', termEndsOn: '2011-06-23' },
        ZONE,
      ),
    ).toEqual({
      kind: 'TACIT_RENEWAL',
      on: '2011-06-24',
      text: 'Sans préavis donné au plus tard le 24 mars 2011, la convention est renouvelée tacitement le 24 juin 2011.',
    });
    expect(
      consequenceOf(
        { kind: 'TERM_END', dueOn: '2011-07-01', subject: null },
        { status: 'RENEWED', termEndsOn: '2011-06-30' },
        ZONE,
      ),
    ).toMatchObject({ kind: 'NEW_TERM', text: 'Une nouvelle période commence le 1er juillet 2011.' });
    expect(
      consequenceOf(
        { kind: 'TERM_END', dueOn: '2011-07-01', subject: null },
        { status: 'ACTIVE', termEndsOn: '2011-06-30' },
        ZONE,
      ),
    ).toMatchObject({ kind: 'EXPIRY' });
  });

  it('says a suspension past its limit opens a right to terminate where the text says « pourra résilier »', () => {
    const deadline = { kind: 'SUSPENSION_LIMIT', dueOn: '2025-02-11', subject: null };
    expect(
      consequenceOf(
        deadline,
        { status: 'SUSPENDED', termEndsOn: null, forceMajeureTermination: 'right' },
        ZONE,
      ),
    ).toEqual({
      kind: 'TERMINATION_RIGHT',
      on: '2025-02-11',
      text: "Si la suspension dure au-delà du 10 février 2025, l'autre partie pourra résilier la convention à compter du 11 février 2025.",
    });
    expect(consequenceOf(deadline, { status: 'SUSPENDED', termEndsOn: null }, ZONE)).toMatchObject({
      kind: 'TERMINATION',
    });
  });

  it('says the end of a cure period opens a right to terminate where the text says « pourra être résiliée »', () => {
    const deadline = { kind: 'CURE_PERIOD_END', dueOn: '2024-08-21', subject: 'rapport-activite' };
    expect(
      consequenceOf(deadline, { status: 'ACTIVE', termEndsOn: null, breachTermination: 'right' }, ZONE),
    ).toEqual({
      kind: 'TERMINATION_RIGHT',
      on: '2024-08-21',
      text: "Si le manquement n'est pas réparé au plus tard le 20 août 2024, l'autre partie pourra résilier la convention à compter du 21 août 2024.",
    });
    expect(consequenceOf(deadline, { status: 'ACTIVE', termEndsOn: null }, ZONE)).toMatchObject({
      kind: 'TERMINATION_FOR_BREACH',
    });
  });
});
