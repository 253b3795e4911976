import { Command } from 'commander';
import { openRuntime, Runtime } from './runtime';
import { configFromEnv } from '../config';
import { Actor } from '../machines/actor';

/** The CLI is run by whoever holds the database: it acts as an admin. */
const OPERATOR: Actor = { userId: 'cli', name: 'Conventio CLI', role: 'admin', partyId: null };

async function withRuntime(work: (runtime: Runtime) => Promise<void>): Promise<void> {
  const runtime = await openRuntime(configFromEnv());
  try {
    await work(runtime);
  } finally {
    await runtime.close();
  }
}

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** `contact add|list|remove` and `webhook add|list|remove`. */
export function addNotificationCommands(program: Command): void {
  addContactCommands(program);
  addWebhookCommands(program);
}

function addContactCommands(program: Command): void {
  const contact = program.command('contact').description('who receives e-mail about a party’s conventions');
  contact
    .command('add')
    .description('add a contact to a party')
    .requiredOption('--party <partyId>', 'the party')
    .requiredOption('--email <address>', 'e-mail address')
    .requiredOption('--name <name>', 'full name')
    .option('--language <fr|en>', 'language of the messages', 'fr')
    .option('--kinds <list>', 'NOTICES,REMINDERS[,WEEKLY_DIGEST] (default: NOTICES,REMINDERS)', list)
    .action(async (o: { party: string; email: string; name: string; language: string; kinds?: string[] }) =>
      withRuntime(async (runtime) => {
        const added = await runtime.notifications.contacts.add(OPERATOR, {
          partyId: o.party,
          email: o.email,
          name: o.name,
          language: o.language,
          kinds: o.kinds ?? null,
        });
        console.log(`contact id: ${added.id}`);
      }),
    );
  contact
    .command('list')
    .description('list contacts, and the parties that have none')
    .option('--party <partyId>', 'one party only')
    .action(async (o: { party?: string }) =>
      withRuntime(async (runtime) => {
        for (const c of await runtime.notifications.contacts.list(OPERATOR, o.party ?? null)) {
          console.log(`${c.id}\t${c.partyId}\t${c.email}\t${c.name}\t${c.language}\t${c.kinds.join(',')}`);
        }
        const without = await runtime.notifications.contacts.partiesWithoutContact(OPERATOR);
        if (without.length) console.log(`parties without a contact: ${without.join(', ')}`);
      }),
    );
  contact
    .command('remove')
    .description('remove a contact by id')
    .argument('<id>', 'contact id')
    .action(async (id: string) =>
      withRuntime(async (runtime) => {
        await runtime.notifications.contacts.remove(OPERATOR, id);
        console.log(`contact ${id} removed`);
      }),
    );
}

function addWebhookCommands(program: Command): void {
  const webhook = program.command('webhook').description('signed event deliveries to a party’s systems');
  webhook
    .command('add')
    .description('register an endpoint and print its signing secret once')
    .requiredOption('--party <partyId>', 'the party')
    .requiredOption('--url <url>', 'http(s) URL that receives POSTs')
    .option('--events <list>', 'event types wanted, comma-separated (default: every event)', list)
    .action(async (o: { party: string; url: string; events?: string[] }) =>
      withRuntime(async (runtime) => {
        const { endpoint, secret } = await runtime.notifications.webhooks.add(OPERATOR, {
          partyId: o.party,
          url: o.url,
          events: o.events ?? null,
        });
        console.log(`webhook id: ${endpoint.id}`);
        console.log(`secret:     ${secret}`);
        console.log('The secret is shown only now; it verifies the webhook-signature header.');
      }),
    );
  webhook
    .command('list')
    .description('list webhook endpoints')
    .option('--party <partyId>', 'one party only')
    .action(async (o: { party?: string }) =>
      withRuntime(async (runtime) => {
        for (const e of await runtime.notifications.webhooks.list(OPERATOR, o.party ?? null)) {
          console.log(`${e.id}\t${e.partyId}\t${e.url}\t${e.events?.join(',') ?? '(every event)'}`);
        }
      }),
    );
  webhook
    .command('remove')
    .description('remove a webhook endpoint by id')
    .argument('<id>', 'webhook id')
    .action(async (id: string) =>
      withRuntime(async (runtime) => {
        await runtime.notifications.webhooks.remove(OPERATOR, id);
        console.log(`webhook ${id} removed`);
      }),
    );
}
