/**
 * What a contact may ask to receive: notices of what happened, reminders of what is due, and
 * whether notices come as one weekly digest instead of one message each.
 */
export const MESSAGE_KINDS = ['NOTICES', 'REMINDERS', 'WEEKLY_DIGEST'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** What a contact receives unless told otherwise. */
export const DEFAULT_KINDS: readonly MessageKind[] = ['NOTICES', 'REMINDERS'];

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Contact {
  id: string;
  partyId: string;
  name: string;
  email: string;
  language: Language;
  kinds: MessageKind[];
  createdAt: string;
}

/** Longest address SMTP carries (RFC 5321 path limit). */
const MAX_EMAIL = 254;

/** One address, no display name: local@domain.tld without spaces or the characters that separate addresses. */
export function isEmailAddress(value: string): boolean {
  return value.length <= MAX_EMAIL && /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[A-Za-z]{2,}$/.test(value);
}
