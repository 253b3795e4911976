import { Actor } from '../machines/actor';
import { IsoDate, IsoInstant, localDate } from '../machines/calendar';
import { dayAfter, noticeDeadline } from '../machines/convention-dates';
import { apply, restoreConvention } from '../machines/convention.engine';
import { ConventionDefinition } from '../machines/definition';

export interface NoticePreview {
  allowed: boolean;
  /** The day the convention would end if `actor` gave notice at `at`. */
  effectiveOn: IsoDate | null;
  /** The last day notice prevents the tacit renewal of the current term. */
  noticeDeadline: IsoDate | null;
  /** Why notice may not be given now, in the machine's words. */
  reason: string | null;
  /** The day the current term renews if nobody gives notice in time. */
  renewsTacitlyOn: IsoDate | null;
}

/**
 * What giving notice now would do, asked of the machine itself: a copy restored from the stored
 * snapshot receives NOTICE_GIVEN and the notice it records is read back. Nothing is written; the
 * copy is stopped and dropped.
 */
export function previewNotice(
  definition: ConventionDefinition,
  storedSnapshot: unknown,
  actor: Actor,
  at: IsoInstant,
): NoticePreview {
  const copy = restoreConvention(definition, storedSnapshot);
  try {
    const before = copy.getSnapshot().context;
    const deadline = before.term ? noticeDeadline(before.rules, before.term, before.rulesVersion) : null;
    const today = localDate(at, definition.timeZone);
    const renewsTacitlyOn =
      deadline !== null && before.notice === null && before.term?.endsOn && today <= deadline
        ? dayAfter(before.rules, before.term.endsOn)
        : null;
    const refusal = apply(definition, copy, { type: 'NOTICE_GIVEN', reason: 'preview', actor, at });
    if (refusal) {
      return {
        allowed: false,
        effectiveOn: null,
        noticeDeadline: deadline,
        reason: refusal.message,
        renewsTacitlyOn,
      };
    }
    const notice = copy.getSnapshot().context.notice;
    return {
      allowed: notice !== null,
      effectiveOn: notice?.effectiveOn ?? null,
      noticeDeadline: deadline,
      reason: null,
      renewsTacitlyOn,
    };
  } finally {
    copy.stop();
  }
}
