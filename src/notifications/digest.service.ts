import { Clock } from '../common/clock';
import { Database } from '../database/database';
import { Language } from './contact';
import { ContactRepository } from './contact.repository';
import { renderDigest, weekStart } from './digest';
import { OutboxRow } from '../database/notification.entities';
import { OutboxRepository } from './outbox.repository';

/**
 * Once a week is over (the domain clock), gathers each contact's held notices of that week into
 * one e-mail. The digest's key names the contact and the week, and the week's notices no longer
 * change once it is over, so instances doing this at once write the same digest, once.
 */
export class DigestService {
  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxRepository,
    private readonly contacts: ContactRepository,
    private readonly clock: Clock,
    private readonly wallClock: Clock,
    private readonly emailConfigured: boolean,
  ) {}

  async releaseDue(): Promise<number> {
    const before = weekStart(this.clock.nowIso());
    let written = 0;
    for (const recipientId of await this.outbox.heldRecipients(this.db.read, before)) {
      written += await this.db.write(async (manager) => {
        const held = await this.outbox.held(manager, recipientId, before);
        const contact = (await this.contacts.byIds(manager, [recipientId]))[0];
        const language = (contact?.language ?? 'fr') as Language;
        const weeks = new Map<string, OutboxRow[]>();
        for (const row of held)
          weeks.set(weekStart(row.datedAt), [...(weeks.get(weekStart(row.datedAt)) ?? []), row]);
        const now = this.wallClock.nowIso();
        for (const [week, rows] of weeks) {
          const mail = renderDigest(
            language,
            week,
            rows.map((r) => ({ subject: r.subject, text: (JSON.parse(r.body) as { text: string }).text })),
          );
          const first = rows[0]!;
          await this.outbox.add(manager, [
            {
              key: `digest:${recipientId}:${week}`,
              channel: 'EMAIL',
              kind: 'WEEKLY_DIGEST',
              conventionId: rows.length === 1 ? first.conventionId : '*',
              partyId: first.partyId,
              recipient: first.recipient,
              recipientId,
              subject: mail.subject,
              body: JSON.stringify({
                name: contact?.name ?? first.recipient,
                text: mail.text,
                html: mail.html,
              }),
              datedAt: new Date(Date.parse(week) + 7 * 86_400_000).toISOString(),
              status: this.emailConfigured ? 'PENDING' : 'UNDELIVERABLE',
              availableAt: now,
              createdAt: now,
            },
          ]);
          await this.outbox.markDigested(
            manager,
            rows.map((r) => r.id),
          );
        }
        return weeks.size;
      });
    }
    return written;
  }
}
