import { DateTime } from 'luxon';
import { ConventionDefinition } from '../definition';

/** The seed conventions were all signed and lived in Paris. */
const PARIS = 'Europe/Paris';

/** An instant on a Paris calendar day, at `time` (local). */
export function at(day: string, time = '10:00'): string {
  return DateTime.fromISO(`${day}T${time}`, { zone: PARIS }).toUTC().toISO() as string;
}

/** A party marks a commitment done, without note or evidence. */
export function confirm(commitmentId: string) {
  return { type: 'COMMITMENT_CONFIRMED' as const, commitmentId, note: null, evidenceUrl: null };
}

/** An evaluation that finds every criterion of the definition met. */
export function evaluation(definition: ConventionDefinition) {
  return {
    type: 'EVALUATION_SUBMITTED' as const,
    assessments: (definition.evaluation?.criteria ?? []).map((c) => ({
      criterion: c.id,
      rating: 'MET' as const,
      comment: null,
    })),
    summary: null,
  };
}

/** When HALDE–AMF's amendment A1 takes effect. */
export const HALDE_AMENDMENT_A1_EFFECTIVE_ON = '2011-01-01';

/**
 * HALDE–AMF's amendment A1 as each party's representative sends it: proposed, then signed by
 * both presidents. It adds, changes and waives commitments and changes the notice rule, and
 * takes effect on `HALDE_AMENDMENT_A1_EFFECTIVE_ON` (`AMENDMENT_TOOK_EFFECT`, the scheduler's).
 */
export const HALDE_AMENDMENT_A1 = [
  {
    partyId: 'halde',
    day: '2010-11-02',
    event: {
      type: 'AMENDMENT_PROPOSED' as const,
      amendmentId: 'A1',
      kind: 'CHANGE' as const,
      summary: 'Avenant n° 1',
      effectiveOn: HALDE_AMENDMENT_A1_EFFECTIVE_ON,
      changes: {
        addCommitments: [
          {
            id: 'annual-report',
            article: 'Article 2 bis',
            title: 'Rapport annuel',
            text: 'Un rapport.',
            owners: ['halde'],
            shape: 'standing' as const,
          },
        ],
        changeCommitments: [{ id: 'good-practice-tools', owners: ['halde'], text: 'La HALDE seule.' }],
        waiveCommitments: ['amf-joins-halde-working-groups'],
        notice: { kind: 'period' as const, period: 'P6M' },
      },
    },
  },
  {
    partyId: 'halde',
    day: '2010-11-10',
    event: { type: 'AMENDMENT_SIGNED' as const, amendmentId: 'A1', signatoryId: 'halde-presidente' },
  },
  {
    partyId: 'amf',
    day: '2010-11-20',
    event: { type: 'AMENDMENT_SIGNED' as const, amendmentId: 'A1', signatoryId: 'amf-president' },
  },
];
