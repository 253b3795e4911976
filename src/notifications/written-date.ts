import { Language } from './contact';

const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

/**
 * Built at the first message written in each language, not when the server loads: each locale's
 * date formats map ICU data into the process (bench/README.md, "Findings (2026-12-06, later: idle
 * memory)"), and a server that sends no e-mail never needs them.
 */
const formats = new Map<Language, Intl.DateTimeFormat>();

function formatFor(language: Language): Intl.DateTimeFormat {
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    formats.set(language, format);
  }
  return format;
}

/**
 * A calendar day (`YYYY-MM-DD`) as its reader writes it: « 24 mars 2011 », "24 March 2011". The
 * day is already the convention's own, so it is formatted as is (UTC), never shifted by a zone.
 * Anything else is returned unchanged.
 */
export function writtenDate(day: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  return formatFor(language).format(
    new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))),
  );
}

/** The same facts with their date fields written for the reader. */
export function withWrittenDates<T extends object>(
  facts: T,
  language: Language,
  fields: readonly string[],
): T {
  const written: Record<string, unknown> = { ...(facts as Record<string, unknown>) };
  for (const field of fields) {
    const value = written[field];
    if (typeof value === 'string') written[field] = writtenDate(value, language);
  }
  return written as T;
}
