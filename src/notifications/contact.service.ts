import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/id-generator';
import { Database } from '../database/database';
import { Actor } from '../machines/actor';
import { DefinitionRegistry } from '../workflows/definition-registry';
import {
  Contact,
  DEFAULT_KINDS,
  isEmailAddress,
  Language,
  LANGUAGES,
  MESSAGE_KINDS,
  MessageKind,
} from './contact';
import { ContactRepository } from './contact.repository';
import { ContactRow } from '../database/notification.entities';

export interface NewContact {
  partyId: string;
  name: string;
  email: string;
  language?: string | null;
  kinds?: readonly string[] | null;
}

/** Contacts of the parties, managed by an admin (GraphQL and the CLI). */
export class ContactService {
  constructor(
    private readonly db: Database,
    private readonly contacts: ContactRepository,
    private readonly registry: DefinitionRegistry,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async add(actor: Actor, input: NewContact): Promise<Contact> {
    requireAdmin(actor);
    const email = input.email.trim().toLowerCase();
    const name = input.name.trim();
    if (!this.registry.partyIds().has(input.partyId)) {
      throw new DomainError('NOT_FOUND', `no party ${input.partyId} in the definitions`);
    }
    if (!isEmailAddress(email))
      throw new DomainError('BAD_USER_INPUT', `"${input.email}" is not an e-mail address`);
    if (!name || name.length > 200)
      throw new DomainError('BAD_USER_INPUT', 'name must be 1 to 200 characters');
    const language = (input.language ?? 'fr') as Language;
    if (!LANGUAGES.includes(language)) {
      throw new DomainError('BAD_USER_INPUT', `language must be one of ${LANGUAGES.join(', ')}`);
    }
    const kinds = [...new Set(input.kinds ?? DEFAULT_KINDS)] as MessageKind[];
    if (!kinds.length || kinds.some((k) => !MESSAGE_KINDS.includes(k))) {
      throw new DomainError('BAD_USER_INPUT', `kinds must be some of ${MESSAGE_KINDS.join(', ')}`);
    }
    const row: ContactRow = {
      id: this.ids.next(),
      partyId: input.partyId,
      name,
      email,
      language,
      kinds: JSON.stringify(kinds),
      createdAt: this.clock.nowIso(),
    };
    await this.db.write(async (manager) => {
      if (await this.contacts.find(manager, row.partyId, email)) {
        throw new DomainError('CONFLICT', `${email} is already a contact of ${row.partyId}`);
      }
      await this.contacts.add(manager, row);
    });
    return toContact(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    requireAdmin(actor);
    const removed = await this.db.write((manager) => this.contacts.remove(manager, id));
    if (!removed) throw new DomainError('NOT_FOUND', `no contact ${id}`);
  }

  async list(actor: Actor, partyId: string | null): Promise<Contact[]> {
    requireAdmin(actor);
    return (await this.contacts.list(this.db.read, partyId)).map(toContact);
  }

  /** Parties of the published definitions that nobody would be told anything about by e-mail. */
  async partiesWithoutContact(actor: Actor): Promise<string[]> {
    requireAdmin(actor);
    const covered = await this.contacts.partiesWithContacts(this.db.read);
    return [...this.registry.partyIds()].filter((p) => !covered.has(p)).sort();
  }
}

export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'only an admin manages notifications');
}

export function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    partyId: row.partyId,
    name: row.name,
    email: row.email,
    language: row.language as Language,
    kinds: JSON.parse(row.kinds) as MessageKind[],
    createdAt: row.createdAt,
  };
}
