import { localDate } from '../../../src/machines/calendar';
import { lateDueOn } from '../../../src/machines/late-start';
import { RulesVersion } from '../../../src/machines/rules-version';
import { Property } from './convention-properties';

/**
 * (i) Rules v4, a convention in force before its signature: nothing its definition owes from
 * the start falls due before the grace after the last signature ends. What fell due before is
 * due on the grace's last day (late); after the grace it may be VIOLATED, never before. (Added
 * or changed by an amendment, owed after another one-off or from the end: their own dates.)
 */
export const nothingDueBeforeTheGraceEnds: Property = (run) => {
  const version = run.events[0]?.machineVersion as RulesVersion | undefined;
  if (version === undefined || version < 4) return [];
  const { definition } = run;
  const fromTheStart = new Set(
    definition.commitments.filter((c) => c.after === undefined && c.dueFrom !== 'end').map((c) => c.id),
  );
  const problems: string[] = [];
  for (const step of run.steps) {
    const { view, commitments } = step.after;
    const signed = view.signatures.at(-1);
    if (!view.effectiveOn || !signed) continue;
    const signedOn = localDate(signed.at, definition.timeZone);
    const graceEnd = lateDueOn(
      view.effectiveOn,
      signedOn,
      definition.term.graceAfterSignature,
      definition.timeZone,
    );
    if (graceEnd === null) continue;
    for (const { key, view: c } of commitments) {
      if (!fromTheStart.has(key)) continue;
      const dues = [...(c.shape === 'recurring' ? [] : [c.dueOn]), ...c.occurrences.map((o) => o.dueOn)];
      for (const dueOn of dues) {
        if (dueOn !== null && dueOn < graceEnd) {
          problems.push(
            `step ${step.index}: ${key} due on ${dueOn}, before the grace ends on ${graceEnd} (effective ${view.effectiveOn}, signed ${signedOn})`,
          );
        }
      }
    }
  }
  return problems;
};
