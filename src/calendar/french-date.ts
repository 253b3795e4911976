import { DateTime } from 'luxon';
import { IsoDate } from '../machines/calendar';

/** « 1er juillet 2011 », « 24 juin 2011 »: how a date reads in the French texts of the conventions. */
export function frenchDate(day: IsoDate): string {
  const date = DateTime.fromISO(day, { zone: 'UTC' }).setLocale('fr');
  return `${date.day === 1 ? '1er' : date.day} ${date.toFormat('LLLL yyyy')}`;
}
