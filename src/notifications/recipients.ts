import { EntityManager } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ContactRow, WebhookEndpointRow } from '../database/notification.entities';
import { placeholders, sql } from '../database/sql';
import { PartyRecipients } from '../conventions/event-observer';

interface UnionShape {
  /** The statement for `n` parties. */
  text: (n: number) => string;
  contactProperties: string[];
  webhookProperties: string[];
}

let shape: UnionShape | null = null;

/**
 * The statement's shape, from the entities' metadata (column names are written only there): a
 * UNION needs one list of columns, so each side selects the columns of both tables, NULL where
 * its own table has none.
 */
function unionShape(manager: EntityManager): UnionShape {
  if (shape) return shape;
  const contact = manager.connection.getMetadata(ContactRow).columns;
  const webhook = manager.connection.getMetadata(WebhookEndpointRow).columns;
  const names = [...new Set([...contact, ...webhook].map((column) => column.propertyName))];
  const list = (columns: ColumnMetadata[]) =>
    names
      .map((name) => {
        const column = columns.find((c) => c.propertyName === name);
        return column ? `"${column.databaseName}" AS "${name}"` : `NULL AS "${name}"`;
      })
      .join(', ');
  const [contacts, webhooks] = [list(contact), list(webhook)];
  const texts = new Map<number, string>();
  const text = (n: number) => {
    let done = texts.get(n);
    if (done === undefined) {
      done = `SELECT 'contact' AS "of", ${contacts} FROM "contacts" WHERE "party_id" IN (${placeholders(n)})
        UNION ALL
        SELECT 'webhook' AS "of", ${webhooks} FROM "webhook_endpoints" WHERE "party_id" IN (${placeholders(n)})
        ORDER BY "of", "id"`;
      texts.set(n, done);
    }
    return done;
  };
  shape = {
    text,
    contactProperties: contact.map((column) => column.propertyName),
    webhookProperties: webhook.map((column) => column.propertyName),
  };
  return shape;
}

function pick<T>(row: Record<string, unknown>, properties: string[]): T {
  return Object.fromEntries(properties.map((p) => [p, row[p]])) as T;
}

/**
 * The contacts and the webhook endpoints of some parties, each in id order, in one statement:
 * the notifier needs both for every accepted event, and reads them once per write (see
 * `Notifier.forWrite`). Written out rather than built (see `sql`).
 */
export async function recipientsOf(
  manager: EntityManager,
  partyIds: readonly string[],
): Promise<PartyRecipients> {
  const recipients: PartyRecipients = { contacts: [], webhooks: [] };
  if (!partyIds.length) return recipients;
  const { text, contactProperties, webhookProperties } = unionShape(manager);
  const rows = await sql<Record<string, unknown> & { of: string }>(manager, text(partyIds.length), [
    ...partyIds,
    ...partyIds,
  ]);
  for (const row of rows) {
    if (row.of === 'contact') recipients.contacts.push(pick(row, contactProperties));
    else recipients.webhooks.push(pick(row, webhookProperties));
  }
  return recipients;
}
