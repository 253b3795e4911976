import { createHash } from 'node:crypto';
import { ConventioProcess, errorCode } from '../support/conventio-process';
import { storeContents } from '../support/test-store';
import { FeedEvent, parseFeed, ParsedFeed } from '../support/ical-feed';

const PUBLIC_URL = 'https://conventio.example.org';
const FEED_URL = /^https:\/\/conventio\.example\.org\/calendar\/(cvf_[A-Za-z0-9_-]{43})\.ics$/;

interface ConventionDates {
  id: string;
  status: string;
  noticeDeadline: string | null;
  terminationEffectiveOn: string | null;
  nextEvaluationDueOn: string | null;
  term: { number: number; endsOn: string | null } | null;
  commitments: { key: string; dueOn: string | null }[];
}

const DATES = `id status noticeDeadline terminationEffectiveOn nextEvaluationDueOn term { number endsOn }
  commitments { key dueOn }`;

describe('calendar feeds (GET /calendar/<key>.ics) over HTTP', () => {
  let server: ConventioProcess;
  let admin: string;
  let amf: string;
  let halde: string;
  let cget: string;
  let ddd: string;
  /** HALDE–AMF conventions: one the AMF gives notice of, one left to renew tacitly. */
  let ended: string;
  let renewed: string;
  /** CGET–Défenseur des droits: neither the AMF nor the HALDE is a party to it. */
  let other: string;
  let amfFeed: { id: string; key: string };
  let cgetKey: string;
  /** SEQUENCE of the renewing convention's notice deadline before it moves. */
  let noticeSequence: number;

  const base = () => server.url.replace(/\/graphql$/, '');
  const get = (key: string, headers: Record<string, string> = {}) =>
    fetch(`${base()}/calendar/${key}.ics`, { headers });
  const feed = async (key: string): Promise<ParsedFeed> => {
    const response = await get(key);
    expect(response.status).toBe(200);
    return parseFeed(await response.text());
  };
  const eventsOf = (parsed: ParsedFeed, conventionId: string) =>
    parsed.events.filter((e) => e.uid.startsWith(`${conventionId}.`));
  const byKind = (events: FeedEvent[], kind: string) => events.find((e) => e.uid.split('.')[1] === kind);
  const dates = async (id: string) =>
    (
      await server.ok<{ convention: ConventionDates }>(
        admin,
        `query($id: ID!) { convention(id: $id) { ${DATES} } }`,
        { id },
      )
    ).convention;
  const create = async (workflowId: string) =>
    (
      await server.ok<{ createConvention: { convention: { id: string } } }>(
        admin,
        'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id } } }',
        { w: workflowId },
      )
    ).createConvention.convention.id;
  const sign = (token: string, id: string) =>
    server.ok(
      token,
      'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { id } } }',
      {
        id,
      },
    );
  const createFeed = (token: string, partyId: string, label: string | null = null) =>
    server.graphql<{
      createCalendarFeed: { url: string; feed: { id: string; partyId: string; label: string } };
    }>(
      token,
      `mutation($p: ID!, $l: String) { createCalendarFeed(input: { partyId: $p, label: $l }) {
        url feed { id partyId label } } }`,
      { p: partyId, l: label },
    );
  const revokeFeed = (token: string, id: string) =>
    server.graphql<{ revokeCalendarFeed: { feed: { id: string; revokedAt: string | null } } }>(
      token,
      'mutation($id: ID!) { revokeCalendarFeed(input: { id: $id }) { feed { id revokedAt } } }',
      { id },
    );

  beforeAll(async () => {
    server = await ConventioProcess.start({
      CLOCK: 'manual',
      CLOCK_START: '2010-06-20T08:00:00Z',
      PUBLIC_URL: `${PUBLIC_URL}/`,
    });
    [admin, amf, halde, cget, ddd] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('representative', 'Jacques Pélissard', 'amf'),
      server.token('representative', 'Jeannette Bougrab', 'halde'),
      server.token('representative', 'Commissaire générale', 'cget'),
      server.token('representative', 'Défenseur des droits', 'defenseur-des-droits'),
    ]);
    ended = await create('halde-amf-2010');
    renewed = await create('halde-amf-2010');
    other = await create('cget-defenseur-des-droits-2015');
    await server.advance(admin, '2010-06-24T09:00:00Z');
    for (const id of [ended, renewed]) {
      await sign(amf, id);
      await sign(halde, id);
    }
    await sign(cget, other);
    await sign(ddd, other);
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('creates a feed with the CLI, printing its URL once and listing it without its key', async () => {
    const { stdout } = await server.cli(
      'calendar',
      'create',
      '--party',
      'amf',
      '--label',
      'Jacques Pélissard',
    );
    const id = /^feed id:\s+(\S+)$/m.exec(stdout)?.[1];
    const key = FEED_URL.exec(/^url:\s+(\S+)$/m.exec(stdout)?.[1] ?? '')?.[1];
    expect(id).toBeDefined();
    expect(key).toBeDefined();
    amfFeed = { id: id!, key: key! };

    const listed = await server.cli('calendar', 'list', '--party', 'amf');
    expect(listed.stdout).toContain(`${amfFeed.id}\tamf\t`);
    expect(listed.stdout).toContain('active\tJacques Pélissard');
    expect(listed.stdout).not.toContain(amfFeed.key);
    await expect(server.cli('calendar', 'create', '--party', 'nobody')).rejects.toThrow(/no party nobody/);
  });

  it('stores only the hash of a feed key', async () => {
    const stored = await storeContents(server.store);
    const hash = createHash('sha256').update(amfFeed.key).digest('hex');
    expect(stored.includes(Buffer.from(hash))).toBe(true);
    expect(stored.includes(Buffer.from(amfFeed.key))).toBe(false);
  });

  it("lists a party's deadlines as all-day events on their dates, with alarms before the notice deadline", async () => {
    const expected = await dates(ended);
    expect(expected).toMatchObject({
      status: 'ACTIVE',
      noticeDeadline: '2011-03-23',
      term: { number: 1, endsOn: '2011-06-23' },
      nextEvaluationDueOn: '2011-06-23',
    });
    const parsed = await feed(amfFeed.key);
    expect(parsed.name).toBe('Échéances AMF — Jacques Pélissard');
    for (const id of [ended, renewed]) {
      const events = eventsOf(parsed, id);
      expect(events.map((e) => [e.uid, e.start]).sort()).toEqual(
        [
          [`${id}.evaluation-due.convention@conventio`, '2011-06-23'],
          [`${id}.notice-deadline.convention@conventio`, '2011-03-23'],
          [`${id}.term-end.convention@conventio`, '2011-06-23'],
        ].sort(),
      );
      for (const event of events) {
        expect(event.allDay).toBe(true);
        expect(event.url).toBe(`${PUBLIC_URL}/conventions/${id}`);
        expect(event.description).toContain('Convention entre l’Association des maires de France');
      }
      const notice = byKind(events, 'notice-deadline')!;
      expect(notice.summary).toBe(
        'Dernier jour pour donner préavis — Convention HALDE–AMF (sans action, renouvelée tacitement le 24 juin 2011)',
      );
      expect(notice.end).toBe('2011-03-24');
      expect(notice.alarms.sort()).toEqual(['-P30D', '-P7D']);
      if (id === renewed) noticeSequence = notice.sequence;
      expect(byKind(events, 'term-end')!.alarms).toEqual([]);
      expect(byKind(events, 'term-end')!.summary).toBe(
        'Fin de la période 1 — Convention HALDE–AMF (renouvelée tacitement le 24 juin 2011 sauf préavis)',
      );
    }
  });

  it('tells a party nothing of a convention it is not in, and everything of its own, committee periods included', async () => {
    const amfEvents = await feed(amfFeed.key);
    expect(eventsOf(amfEvents, other)).toEqual([]);
    expect(amfEvents.events).toHaveLength(6);

    const created = await createFeed(admin, 'cget');
    expect(created.errors).toBeUndefined();
    cgetKey = FEED_URL.exec(created.data!.createCalendarFeed.url)![1]!;
    const cgetFeed = await feed(cgetKey);
    expect(eventsOf(cgetFeed, ended)).toEqual([]);
    expect(eventsOf(cgetFeed, renewed)).toEqual([]);
    const own = eventsOf(cgetFeed, other);
    expect(own.length).toBe(cgetFeed.events.length);
    const expected = await dates(other);
    const committee = own.find(
      (e) => e.uid === `${other}.commitment-due.technical-committee-meetings@conventio`,
    );
    expect(committee?.start).toBe(
      expected.commitments.find((c) => c.key === 'technical-committee-meetings')!.dueOn,
    );
    expect(committee?.summary).toBe(
      'Fin de la période du comité : Réunions du comité technique (au moins deux fois par an) — Convention CGET–Défenseur des droits',
    );
    expect(byKind(own, 'notice-deadline')?.start).toBe(expected.noticeDeadline);
  });

  it('answers 304 to a client that has the current feed, and a new tag once it changed', async () => {
    const first = await get(amfFeed.key);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(first.headers.get('cache-control')).toBe('private, max-age=300');
    expect(first.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(lastModified).toBe('Thu, 24 Jun 2010 09:00:00 GMT');
    expect((await get(amfFeed.key, { 'if-none-match': etag })).status).toBe(304);
    expect((await get(amfFeed.key, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(amfFeed.key, { 'if-none-match': '"another"' })).status).toBe(200);

    await server.advance(admin, '2011-02-10T09:00:00Z');
    await server.ok(
      amf,
      `mutation($id: ID!) { giveNotice(input: { conventionId: $id, reason: "Fin du partenariat" }) {
        convention { id } } }`,
      { id: ended },
    );
    const after = await get(amfFeed.key, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(after.headers.get('last-modified')).toBe('Thu, 10 Feb 2011 09:00:00 GMT');
  });

  it('after a notice, drops the notice deadline and shows the termination, the other events keeping their UIDs', async () => {
    const expected = await dates(ended);
    expect(expected.terminationEffectiveOn).toBe('2011-05-11');
    const parsed = await feed(amfFeed.key);
    const events = eventsOf(parsed, ended);
    expect(byKind(events, 'notice-deadline')).toBeUndefined();
    const termination = byKind(events, 'termination')!;
    expect(termination.uid).toBe(`${ended}.termination.convention@conventio`);
    expect(termination.start).toBe('2011-05-11');
    expect(termination.summary).toBe('Fin de la convention (préavis donné) — Convention HALDE–AMF');
    expect(byKind(events, 'term-end')?.uid).toBe(`${ended}.term-end.convention@conventio`);
    // The convention left to renew is unchanged.
    expect(byKind(eventsOf(parsed, renewed), 'notice-deadline')?.start).toBe('2011-03-23');
  });

  it('moves a renewed convention’s dates under the same UIDs, and forgets a terminated one', async () => {
    await server.advance(admin, '2011-06-25T09:00:00Z');
    const expected = await dates(renewed);
    expect(expected.term).toEqual({ number: 2, endsOn: '2012-06-23' });
    expect(expected.noticeDeadline).toBe('2012-03-23');
    expect((await dates(ended)).status).toBe('TERMINATED');

    const parsed = await feed(amfFeed.key);
    expect(eventsOf(parsed, ended)).toEqual([]);
    const events = eventsOf(parsed, renewed);
    const notice = byKind(events, 'notice-deadline')!;
    expect(notice.uid).toBe(`${renewed}.notice-deadline.convention@conventio`);
    expect(notice.start).toBe('2012-03-23');
    // A client that compares SEQUENCE takes the moved date as the newer one.
    expect(notice.sequence).toBeGreaterThan(noticeSequence);
    expect(notice.summary).toContain('renouvelée tacitement le 24 juin 2012');
    expect(byKind(events, 'term-end')).toMatchObject({
      uid: `${renewed}.term-end.convention@conventio`,
      start: '2012-06-23',
    });
  });

  it('lets only an admin create, list and revoke feeds through GraphQL', async () => {
    expect(errorCode(await createFeed(amf, 'amf'))).toBe('FORBIDDEN');
    expect(errorCode(await createFeed(admin, 'nobody'))).toBe('NOT_FOUND');
    expect(errorCode(await createFeed(admin, 'amf', 'x'.repeat(201)))).toBe('BAD_USER_INPUT');
    expect(errorCode(await createFeed(admin, 'amf', 'deux\nlignes'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await revokeFeed(amf, amfFeed.id))).toBe('FORBIDDEN');
    expect((await get(amfFeed.key)).status).toBe(200);
    const list =
      'query($p: ID) { calendarFeeds(partyId: $p) { edges { node { id partyId label revokedAt } } } }';
    expect(errorCode(await server.graphql(amf, list, { p: 'amf' }))).toBe('FORBIDDEN');
    // The refused requests created nothing: the AMF still has its one feed.
    const amfFeeds = await server.ok<{ calendarFeeds: { edges: { node: { id: string } }[] } }>(admin, list, {
      p: 'amf',
    });
    expect(amfFeeds.calendarFeeds.edges.map((e) => e.node.id)).toEqual([amfFeed.id]);

    const created = await createFeed(admin, 'halde', 'Secrétariat général');
    const { feed: haldeFeed, url } = created.data!.createCalendarFeed;
    expect(haldeFeed).toMatchObject({ partyId: 'halde', label: 'Secrétariat général' });
    const haldeKey = FEED_URL.exec(url)![1]!;
    expect((await feed(haldeKey)).events.map((e) => e.uid)).toContain(
      `${renewed}.notice-deadline.convention@conventio`,
    );

    const revoked = await revokeFeed(admin, haldeFeed.id);
    expect(revoked.data?.revokeCalendarFeed.feed.revokedAt).toBe('2011-06-25T09:00:00.000Z');
    expect(errorCode(await revokeFeed(admin, haldeFeed.id))).toBe('NOT_FOUND');
    const gone = await get(haldeKey);
    expect(gone.status).toBe(404);
    expect(await gone.text()).not.toMatch(/revok|feed|key/i);

    const listed = await server.ok<{
      calendarFeeds: { edges: { node: { id: string; partyId: string; revokedAt: string | null } }[] };
    }>(admin, list, { p: 'halde' });
    expect(listed.calendarFeeds.edges.map((e) => e.node)).toEqual([
      {
        id: haldeFeed.id,
        partyId: 'halde',
        label: 'Secrétariat général',
        revokedAt: '2011-06-25T09:00:00.000Z',
      },
    ]);
  });

  it('ends a feed with `calendar revoke`; unknown and revoked keys are a bare 404', async () => {
    const { stdout } = await server.cli('calendar', 'revoke', amfFeed.id);
    expect(stdout).toContain(`calendar feed ${amfFeed.id} revoked`);
    expect((await get(amfFeed.key)).status).toBe(404);
    await expect(server.cli('calendar', 'revoke', amfFeed.id)).rejects.toThrow(/no active calendar feed/);
    expect((await get(`cvf_${'A'.repeat(43)}`)).status).toBe(404);
    const malformed = await fetch(`${base()}/calendar/not-a-key`);
    expect(malformed.status).toBe(404);
    // The other party's feed is untouched.
    expect((await get(cgetKey)).status).toBe(200);
  });

  it('logs feed requests without their key', async () => {
    await get(cgetKey);
    const lines = server.logs.split('\n').filter((line) => line.includes('"/calendar/'));
    expect(lines.some((line) => line.includes('"path":"/calendar/<key>.ics"'))).toBe(true);
    for (const key of [amfFeed.key, cgetKey]) expect(server.logs).not.toContain(key);
  });
});
