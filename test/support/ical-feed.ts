import ICAL from 'ical.js';

export interface FeedEvent {
  uid: string;
  sequence: number;
  summary: string;
  description: string;
  /** YYYY-MM-DD for an all-day event. */
  start: string;
  end: string | null;
  allDay: boolean;
  url: string | null;
  /** Each VALARM's TRIGGER as written, e.g. -P30D. */
  alarms: string[];
}

export interface ParsedFeed {
  name: string | null;
  events: FeedEvent[];
}

/** Parses a feed with ical.js, a parser independent of the library that writes it. */
export function parseFeed(text: string): ParsedFeed {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const url = vevent.getFirstPropertyValue('url');
    return {
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toString(),
      end: event.endDate ? event.endDate.toString() : null,
      allDay: event.startDate.isDate,
      url: typeof url === 'string' ? url : null,
      alarms: vevent
        .getAllSubcomponents('valarm')
        .map((alarm) => String(alarm.getFirstPropertyValue('trigger'))),
    };
  });
  const name = calendar.getFirstPropertyValue('x-wr-calname');
  return { name: typeof name === 'string' ? name : null, events };
}
