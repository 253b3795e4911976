import ical, { ICalAlarmType, ICalEvent } from 'ical-generator';
import { addDays } from '../machines/calendar';
import { FeedEntry } from './feed-entries';
import { foldLines } from './fold-lines';
import { byCodePoint } from '../common/code-point-order';

export interface FeedDocument {
  /** The calendar's name in the client. */
  name: string;
  /** DTSTAMP of every event: when the feed's content last changed, so the same content gives the same bytes. */
  stamp: string;
  entries: readonly FeedEntry[];
  /** The convention's address for people, when the server knows its public URL. */
  linkOf: ((conventionId: string) => string) | null;
}

const MS_PER_DAY = 86_400_000;

/** The feed as iCalendar text (RFC 5545): one all-day event per entry, date first, then UID. */
export function renderFeed(feed: FeedDocument): string {
  const calendar = ical({
    name: feed.name,
    prodId: { company: 'Conventio', product: 'Conventio', language: 'FR' },
  });
  const ordered = [...feed.entries].sort((a, b) => byCodePoint(a.date, b.date) || byCodePoint(a.uid, b.uid));
  const events: string[] = [];
  for (const entry of ordered) {
    const link = feed.linkOf?.(entry.conventionId) ?? null;
    // Not added to the calendar: its text is folded apart (below).
    const event = new ICalEvent(
      {
        id: entry.uid,
        sequence: entry.sequence,
        // All-day: a DATE value, the same local day wherever the reader is.
        allDay: true,
        start: entry.date,
        end: addDays(entry.date, 1, 'UTC'),
        stamp: feed.stamp,
        summary: entry.summary,
        description: link ? `${entry.description}\n${link}` : entry.description,
        url: link,
      },
      calendar,
    );
    for (const days of entry.alarmDaysBefore) {
      event.createAlarm({
        type: ICalAlarmType.display,
        triggerBefore: (days * MS_PER_DAY) / 1000,
        description: entry.summary,
      });
    }
    events.push(foldLines(event.toString()));
  }
  // ical-generator folds the whole calendar at once, allocating an encoder per character (0.4 ms
  // an event); its events are folded here instead, and its calendar holds none.
  const [head, tail] = calendar.toString().split(/(?=END:VCALENDAR)/) as [string, string];
  return `${head}${events.join('')}${tail}`;
}
