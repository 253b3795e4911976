/** Calendar-day arithmetic on YYYY-MM-DD strings (UTC noon, so no zone or DST moves a day). */
const DAY_MS = 86_400_000;

function noon(day: string): number {
  return Date.parse(`${day.slice(0, 10)}T12:00:00Z`);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((noon(to) - noon(from)) / DAY_MS);
}

export function nextDay(day: string): string {
  return new Date(noon(day) + DAY_MS).toISOString().slice(0, 10);
}

/** Today in a time zone, as YYYY-MM-DD, from an instant (the server's clock). */
export function dayIn(instant: string, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
}
