import { EntityManager } from 'typeorm';
import { sql } from '../../src/database/sql';
import { ContactRepository } from '../../src/notifications/contact.repository';
import { WebhookRepository } from '../../src/notifications/webhook.repository';
import { MAX_EVENTS_PER_WRITE } from '../../src/conventions/write-state';
import { testDialect } from '../support/test-store';
import { admin, MediumStore, openMediumStore, representative } from './support/medium-store';

/** Every party of the two definitions, with who hears of their conventions. */
const PARTIES = ['halde', 'amf', 'cget', 'defenseur-des-droits'];
const UNTIL = '2012-12-31T00:00:00.000Z';

interface Message {
  channel: string;
  kind: string;
  partyId: string;
  recipient: string;
  subject: string;
  datedAt: string;
  status: string;
}

/**
 * The write reads a convention's pending deadlines and reminders in one statement per event, and
 * its parties' contacts and webhook endpoints once per write: a write that fires several
 * deadlines, of one convention or of two with other parties, must leave the same reminders and
 * messages as the same deadlines fired one write each.
 */
describe('messages and reminders of a write of several events', () => {
  let store: MediumStore;

  beforeAll(async () => {
    store = await openMediumStore({ notifications: true, dialect: testDialect() });
    await store.db.write(async (manager) => {
      const contacts = new ContactRepository();
      const webhooks = new WebhookRepository();
      for (const partyId of PARTIES) {
        const createdAt = store.clock.nowIso();
        const contact = { partyId, name: partyId, language: 'fr', createdAt };
        await contacts.add(manager, {
          ...contact,
          id: `${partyId}-notices`,
          email: `notices@${partyId}.example`,
          kinds: '["NOTICES","REMINDERS"]',
        });
        // Reminders only: told of no event.
        await contacts.add(manager, {
          ...contact,
          id: `${partyId}-reminders`,
          email: `reminders@${partyId}.example`,
          language: 'en',
          kinds: '["REMINDERS"]',
        });
        const endpoint = { partyId, secret: 'whsec_test', createdAt };
        await webhooks.add(manager, {
          ...endpoint,
          id: `${partyId}-all`,
          url: `https://${partyId}.example/all`,
          events: null,
        });
        await webhooks.add(manager, {
          ...endpoint,
          id: `${partyId}-renewals`,
          url: `https://${partyId}.example/renewals`,
          events: '["TERM_ENDED"]',
        });
      }
    });
  });

  afterAll(async () => {
    await store?.dispose();
  });

  const signed = async (workflowId: string, parties: string[]) => {
    const { id } = await store.service.create({ actor: admin, workflowId });
    for (const partyId of parties)
      await store.service.sign({ actor: representative(partyId), conventionId: id });
    return id;
  };

  /** Fires up to `n` of the convention's deadlines due by UNTIL, earliest first, in the caller's write. */
  const fireIn = async (
    manager: EntityManager,
    write: Parameters<MediumStore['writer']['fireIn']>[1],
    id: string,
    n: number,
  ) => {
    await store.writer.lock(manager, id);
    for (let fired = 0; fired < n; fired++) {
      const deadline = await store.deadlines.nextDue(manager, id, UNTIL);
      if (!deadline) return fired;
      await store.writer.fireIn(manager, write, deadline);
    }
    return n;
  };

  /** The same, one deadline per write. */
  const fireOneByOne = async (id: string, n: number) => {
    for (let fired = 0; fired < n; fired++) {
      const [deadline] = await store.deadlines.due(store.db.read, UNTIL, 1, id);
      if (!deadline) return fired;
      await store.firing.fireDeadline(deadline.id);
    }
    return n;
  };

  /** A convention's deadlines, reminders and messages, with its id taken out of their keys. */
  const written = async (id: string) => {
    const reminders = await sql<{ key: string; status: string; dueAt: string }>(
      store.db.read,
      'SELECT "key", "status", "due_at" AS "dueAt" FROM "reminders" WHERE "convention_id" = ? ORDER BY "key"',
      [id],
    );
    const deadlines = await sql<{ key: string; status: string; dueAt: string }>(
      store.db.read,
      'SELECT "key", "status", "due_at" AS "dueAt" FROM "deadlines" WHERE "convention_id" = ? ORDER BY "key"',
      [id],
    );
    const messages = await sql<Message>(
      store.db.read,
      `SELECT "channel", "kind", "party_id" AS "partyId", "recipient", "subject", "dated_at" AS "datedAt", "status"
       FROM "outbox" WHERE "convention_id" = ? ORDER BY "id"`,
      [id],
    );
    // The projection too: the write's events change several commitments at once (one statement on PostgreSQL).
    const commitments = await sql<{ key: string; status: string; dueOn: string; view: string }>(
      store.db.read,
      `SELECT "key", "status", "due_on" AS "dueOn", "view" FROM "commitments" WHERE "convention_id" = ? ORDER BY "key"`,
      [id],
    );
    const owners = await sql<{ commitmentId: string; partyId: string; status: string; dueOn: string }>(
      store.db.read,
      `SELECT "commitment_id" AS "commitmentId", "party_id" AS "partyId", "status", "due_on" AS "dueOn"
       FROM "commitment_owners" WHERE "commitment_id" LIKE ? ORDER BY "commitment_id", "party_id"`,
      [`${id}:%`],
    );
    const [row] = await sql<{ status: string; version: number; view: string }>(
      store.db.read,
      'SELECT "status", "version", "view" FROM "conventions" WHERE "id" = ?',
      [id],
    );
    return {
      reminders: reminders.map((r) => ({ ...r, key: r.key.replace(`${id}:`, '') })),
      deadlines: deadlines.map((d) => ({ ...d, key: d.key.replace(`${id}:`, '') })),
      messages,
      convention: { ...row!, view: row!.view.replaceAll(id, '-') },
      commitments,
      owners: owners.map((o) => ({ ...o, commitmentId: o.commitmentId.replace(`${id}:`, '') })),
    };
  };

  it('leaves the reminders and messages the same deadlines fired one write each leave', async () => {
    const [a, oneByOneA] = [
      await signed('halde-amf-2010', ['amf', 'halde']),
      await signed('halde-amf-2010', ['amf', 'halde']),
    ];
    const cgetParties = ['cget', 'defenseur-des-droits'];
    const [b, oneByOneB] = [
      await signed('cget-defenseur-des-droits-2015', cgetParties),
      await signed('cget-defenseur-des-droits-2015', cgetParties),
    ];
    store.clock.advanceTo(new Date(UNTIL));
    // One write: six deadlines of the HALDE–AMF convention (a notice deadline, a renewal and what
    // follows), then two of the CGET's, whose parties are others.
    const fired = await store.writer.writing(async (manager, write) => [
      await fireIn(manager, write, a, 6),
      await fireIn(manager, write, b, 2),
    ]);
    expect(fired).toEqual([6, 2]);
    expect(await fireOneByOne(oneByOneA, 6)).toBe(6);
    expect(await fireOneByOne(oneByOneB, 2)).toBe(2);

    const [inOneWriteA, inOneWriteB] = [await written(a), await written(b)];
    expect(inOneWriteA).toEqual(await written(oneByOneA));
    expect(inOneWriteB).toEqual(await written(oneByOneB));

    // What the comparison stands on: reminders planned by one event of the write and cancelled by a
    // later one, and every event's messages to its own parties' recipients only.
    expect(inOneWriteA.reminders.some((r) => r.status === 'CANCELLED')).toBe(true);
    expect(inOneWriteA.reminders.some((r) => r.status === 'PENDING')).toBe(true);
    // The committees' next meetings, moved by the write, in the commitments' rows and their owners'.
    const moved = inOneWriteB.commitments.filter((c) => c.dueOn === '2012-06-23').map((c) => c.key);
    expect(moved.sort()).toEqual(['steering-committee-meeting', 'technical-committee-meetings']);
    for (const { commitments, owners } of [inOneWriteA, inOneWriteB]) {
      for (const owner of owners) {
        const commitment = commitments.find((c) => owner.commitmentId === c.key)!;
        expect([owner.status, owner.dueOn]).toEqual([commitment.status, commitment.dueOn]);
      }
    }
    const partiesOf = (messages: Message[]) => new Set(messages.map((m) => m.partyId));
    expect(partiesOf(inOneWriteA.messages)).toEqual(new Set(['halde', 'amf']));
    expect(partiesOf(inOneWriteB.messages)).toEqual(new Set(cgetParties));
    const recipients = new Set(inOneWriteA.messages.map((m) => m.recipient));
    expect([...recipients].sort()).toEqual([
      'https://amf.example/all',
      'https://amf.example/renewals',
      'https://halde.example/all',
      'https://halde.example/renewals',
      'notices@amf.example',
      'notices@halde.example',
    ]);
    const renewals = inOneWriteA.messages.filter((m) => m.recipient.endsWith('/renewals'));
    expect(renewals.length).toBeGreaterThan(0);
    expect(renewals.every((m) => m.kind === 'TERM_ENDED')).toBe(true);
  });

  /**
   * On PostgreSQL a command's first read (its stream lock) also brings the pending deadlines and
   * reminders its event re-plans; the deadlines it then fires in the same write re-plan against
   * their own read. The same command and firings, with the pending plans read apart for each
   * event, must leave the same rows.
   */
  it('leaves, for a command that fires what fell due in its own write, what the pending plans read apart leave', async () => {
    const [command, apart] = [
      await signed('halde-amf-2010', ['amf', 'halde']),
      await signed('halde-amf-2010', ['amf', 'halde']),
    ];
    // Signed now (the test above moved the clock to UNTIL); what falls due in the next two years.
    const until = new Date(Date.parse(store.clock.nowIso()) + 2 * 365 * 86_400_000).toISOString();
    store.clock.advanceTo(new Date(until));
    const confirmation = (id: string) => ({
      actor: representative('halde'),
      commitmentId: `${id}:halde-shares-information`,
      note: null,
      evidenceUrl: null,
    });
    const answered = await store.service.markCommitmentDone(confirmation(command));

    // The same events, each re-plan reading its pending plans: the command decided on a row read
    // without them, then what fell due fired as the command's write fires it.
    const firedApart = await store.writer.writing(async (manager, write) => {
      await store.writer.lock(manager, apart);
      const loaded = await store.conventions.loadForWrite(manager, apart, { lock: false });
      expect(loaded?.pending).toBeUndefined();
      await store.writer.decide({
        manager,
        write,
        row: loaded!.row,
        actor: representative('halde'),
        event: {
          type: 'COMMITMENT_CONFIRMED',
          commitmentId: 'halde-shares-information',
          note: null,
          evidenceUrl: null,
        },
        at: store.clock.nowIso(),
        idempotencyKey: null,
        onRefusal: 'throw',
      });
      let fired = 0;
      for (let deadline; (deadline = await store.deadlines.nextDue(manager, apart, until)); fired++) {
        await store.writer.fireIn(manager, write, deadline);
      }
      return fired;
    });

    const [together, separately] = [await written(command), await written(apart)];
    expect(together).toEqual(separately);
    // What the comparison stands on: the command and the deadlines it fired in one write (fewer
    // than the write's bound, so no catch-up follows), re-planning reminders on the way.
    expect(answered.commitment?.status).toBe('FULFILLED');
    expect(firedApart).toBeGreaterThan(1);
    // Created, signed twice (the effective date fired with the second), then this write's events.
    expect(together.convention.version).toBe(4 + 1 + firedApart);
    expect(1 + firedApart).toBeLessThan(MAX_EVENTS_PER_WRITE);
    expect(together.reminders.some((r) => r.status === 'CANCELLED')).toBe(true);
    expect(together.reminders.some((r) => r.status === 'PENDING')).toBe(true);
  });
});
