import { Clock } from '../common/clock';
import { Database } from '../database/database';
import { backoffMs } from './backoff';
import { Mailer } from './mailer';
import { OutboxRow } from '../database/notification.entities';
import { webhookId } from './notifier';
import { OutboxRepository } from './outbox.repository';
import { DigestService } from './digest.service';
import { ReminderService } from './reminder.service';
import { WebhookRepository } from './webhook.repository';
import { WebhookSender } from './webhook-sender';

export interface DispatchPolicy {
  /** Attempts before a message is given up as DEAD (retryable by an admin). */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one. */
  retryBaseMs: number;
  /** How long an instance's claim on a message lasts (longer than one delivery may take). */
  leaseMs: number;
}

/** Messages claimed at once. */
const BATCH = 20;
/** Longest error text kept on a message. */
const MAX_ERROR = 500;

/**
 * Delivers the outbox: releases due reminders and the digests of weeks that are over, then claims ready messages for a lease (FOR
 * UPDATE SKIP LOCKED on PostgreSQL), sends each, and records the attempt, retrying failures
 * with exponential backoff until the attempt limit. A message is recorded as sent only by the
 * instance whose claim still holds, so with several instances each one is sent once; an instance
 * that dies after sending and before recording leaves it to be sent again once its lease ends
 * (receivers deduplicate by `webhook-id` or the e-mail's Message-ID).
 */
export class Dispatcher {
  private running: Promise<number> | null = null;

  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxRepository,
    private readonly webhooks: WebhookRepository,
    private readonly mailer: Mailer | null,
    private readonly sender: WebhookSender,
    private readonly reminders: ReminderService,
    private readonly digests: DigestService,
    /** Real time: leases, backoff, attempt times. */
    private readonly wallClock: Clock,
    private readonly owner: string,
    private readonly policy: DispatchPolicy,
  ) {}

  /** One round; a round already running is joined rather than doubled. Returns the messages sent. */
  tick(): Promise<number> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  /** Resolves once no round is running (before the database closes). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async round(): Promise<number> {
    await this.reminders.releaseDue();
    await this.digests.releaseDue();
    const channels = this.mailer ? ['EMAIL', 'WEBHOOK'] : ['WEBHOOK'];
    let sent = 0;
    for (;;) {
      const now = this.wallClock.now();
      const claimed = await this.db.write((manager) =>
        this.outbox.claim(manager, {
          now: now.toISOString(),
          leaseUntil: new Date(now.getTime() + this.policy.leaseMs).toISOString(),
          owner: this.owner,
          limit: BATCH,
          channels,
        }),
      );
      if (!claimed.length) return sent;
      const results = await Promise.all(claimed.map((message) => this.deliver(message)));
      sent += results.filter(Boolean).length;
    }
  }

  private async deliver(message: OutboxRow): Promise<boolean> {
    let error: string | null = null;
    try {
      await this.send(message);
    } catch (caught) {
      error = (caught instanceof Error ? caught.message : String(caught)).slice(0, MAX_ERROR) || 'failed';
    }
    const at = this.wallClock.now();
    const failures = message.attempts + 1;
    const status = error === null ? 'SENT' : failures >= this.policy.maxAttempts ? 'DEAD' : 'PENDING';
    const availableAt = new Date(at.getTime() + (error ? backoffMs(failures, this.policy.retryBaseMs) : 0));
    await this.db.write((manager) =>
      this.outbox.settle(manager, message.id, this.owner, {
        at: at.toISOString(),
        error,
        status,
        availableAt: availableAt.toISOString(),
      }),
    );
    return error === null;
  }

  private async send(message: OutboxRow): Promise<void> {
    if (message.channel === 'EMAIL') {
      if (!this.mailer) throw new Error('no SMTP configured');
      const body = JSON.parse(message.body) as { name: string; text: string; html: string };
      await this.mailer.send({
        to: { name: body.name, address: message.recipient },
        subject: message.subject,
        text: body.text,
        html: body.html,
        messageId: `<${webhookId(message.key)}@conventio>`,
      });
      return;
    }
    const [endpoint] = await this.webhooks.byIds(this.db.read, [message.recipientId]);
    if (!endpoint) throw new Error('the webhook endpoint was removed');
    await this.sender.send({
      url: endpoint.url,
      id: webhookId(message.key),
      body: message.body,
      secret: endpoint.secret,
      timestamp: Math.floor(this.wallClock.now().getTime() / 1000),
    });
  }
}
