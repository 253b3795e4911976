import { Clock } from '../common/clock';
import { IdGenerator } from '../common/id-generator';
import { Config } from '../config';
import { ConventionRepository } from '../conventions/convention.repository';
import { EventLogRepository } from '../events/event-log.repository';
import { Database } from '../database/database';
import { DefinitionRegistry } from '../workflows/definition-registry';
import { ContactRepository } from './contact.repository';
import { ContactService } from './contact.service';
import { DigestService } from './digest.service';
import { Dispatcher } from './dispatcher';
import { Mailer } from './mailer';
import { Notifier } from './notifier';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { ReminderRepository } from './reminder.repository';
import { ReminderService } from './reminder.service';
import { WebhookRepository } from './webhook.repository';
import { WebhookSender } from './webhook-sender';
import { WebhookService } from './webhook.service';

/** Contacts, webhooks, the outbox and its dispatcher, built once from the configuration. */
export interface Notifications {
  notifier: Notifier;
  reminders: ReminderService;
  contacts: ContactService;
  webhooks: WebhookService;
  outbox: OutboxService;
  dispatcher: Dispatcher;
  close(): void;
}

export function createNotifications(deps: {
  config: Config;
  db: Database;
  registry: DefinitionRegistry;
  conventions: ConventionRepository;
  eventLog: EventLogRepository;
  clock: Clock;
  wallClock: Clock;
  ids: IdGenerator;
  instance: string;
}): Notifications {
  const { config, db, registry, clock, wallClock, ids } = deps;
  const contactRepository = new ContactRepository();
  const webhookRepository = new WebhookRepository();
  const outboxRepository = new OutboxRepository();
  const reminderRepository = new ReminderRepository();
  const notifier = new Notifier(
    contactRepository,
    outboxRepository,
    reminderRepository,
    { emailConfigured: config.smtpUrl !== null, publicUrl: config.publicUrl },
    wallClock,
  );
  const reminders = new ReminderService(
    db,
    reminderRepository,
    deps.conventions,
    deps.eventLog,
    registry,
    notifier,
    clock,
  );
  const contacts = new ContactService(db, contactRepository, registry, clock, ids);
  const mailer = config.smtpUrl ? new Mailer(config.smtpUrl, config.mailFrom) : null;
  return {
    notifier,
    reminders,
    contacts,
    webhooks: new WebhookService(db, webhookRepository, registry, clock, ids, config.webhookAllowLocal),
    outbox: new OutboxService(db, outboxRepository, contacts, wallClock, mailer !== null),
    dispatcher: new Dispatcher(
      db,
      outboxRepository,
      webhookRepository,
      mailer,
      new WebhookSender(config.webhookAllowLocal),
      reminders,
      new DigestService(db, outboxRepository, contactRepository, clock, wallClock, mailer !== null),
      wallClock,
      deps.instance,
      {
        maxAttempts: config.outboxMaxAttempts,
        retryBaseMs: config.outboxRetryBaseMs,
        leaseMs: config.outboxLeaseMs,
      },
    ),
    close: () => mailer?.close(),
  };
}

/** E-mail kept while no SMTP was configured goes out once one is (at start-up). */
export async function releaseKeptEmail(db: Database, config: Config, wallClock: Clock): Promise<void> {
  if (!config.smtpUrl) return;
  await db.write((manager) => new OutboxRepository().releaseUndeliverableEmail(manager, wallClock.nowIso()));
}
