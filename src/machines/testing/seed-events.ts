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
