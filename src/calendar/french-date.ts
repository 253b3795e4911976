import { IsoDate } from '../machines/calendar';

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/**
 * « 1er juillet 2011 », « 24 juin 2011 »: how a date reads in the French texts of the conventions.
 * Written out: a feed formats thousands of dates, and Intl through luxon costs 0.15 ms each.
 */
export function frenchDate(day: IsoDate): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return `${date === 1 ? '1er' : date} ${MONTHS[month - 1]} ${year}`;
}
