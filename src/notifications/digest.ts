import { DateTime } from 'luxon';
import { Language } from './contact';
import { RenderedMail } from './templates';
import { writtenDate } from './written-date';

/** Monday 00:00 UTC of the week `at` falls in: digests gather notices from Monday to Sunday. */
export function weekStart(at: string): string {
  return DateTime.fromISO(at, { zone: 'utc' }).startOf('week').toISO({ suppressMilliseconds: false })!;
}

/** One e-mail for a week's notices, each with its subject and its text. */
export function renderDigest(
  language: Language,
  week: string,
  notices: readonly { subject: string; text: string }[],
): RenderedMail {
  const day = writtenDate(week.slice(0, 10), language);
  const subject = language === 'en' ? `Conventio: the week of ${day}` : `Conventio : la semaine du ${day}`;
  const intro =
    language === 'en'
      ? `${notices.length} notice(s) of the week of ${day}:`
      : `${notices.length} message(s) de la semaine du ${day} :`;
  const text = [intro, '', ...notices.flatMap((n) => [`— ${n.subject}`, n.text.trim(), ''])].join('\n');
  const html =
    `<p>${escape(intro)}</p>` +
    notices
      .map((n) => `<h3>${escape(n.subject)}</h3><p>${escape(n.text.trim()).replace(/\n/g, '<br>')}</p>`)
      .join('');
  return { subject, text, html };
}

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
