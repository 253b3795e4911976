import { ConventioProcess, errorCode, GraphQLResponse } from '../support/conventio-process';

/**
 * Hostile or careless input, over HTTP against the real server: oversized strings, control and
 * bidirectional formatting characters, dates outside the calendar, an effective date decades
 * back, a restart with an earlier manual clock. Each is refused with nothing appended, or
 * bounded; the server keeps answering.
 */
describe('bounded input, bounded writes, time that never runs backwards', () => {
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let halde: string;
  let amf: string;
  let conventionId: string;

  const MB = 'x'.repeat(1_000_000);
  const CONTROLS: [string, string][] = [
    ['NUL', 'a\u0000b'],
    ['bell', 'a\u0007b'],
    ['an ANSI escape', 'a\u001b[31mred\u001b[0m'],
    ['a right-to-left override', 'txt.\u202eexe'],
    ['a left-to-right isolate', 'a\u2066b\u2069'],
  ];

  const CREATE = `mutation($w: ID!, $title: String, $on: String) {
    createConvention(input: { workflowId: $w, title: $title, effectiveOn: $on }) { convention { id version } } }`;
  const SIGN = `mutation($id: ID!) { signConvention(input: { conventionId: $id }) {
    convention { id status version effectiveOn } } }`;
  const MARK = `mutation($c: ID!, $note: String, $url: String, $k: String) {
    markCommitmentDone(input: { commitmentId: $c, note: $note, evidenceUrl: $url, idempotencyKey: $k }) {
      commitment { status } } }`;
  const NOTICE = `mutation($id: ID!, $reason: String!) {
    giveNotice(input: { conventionId: $id, reason: $reason }) { convention { status } } }`;

  const eventCount = async (id: string) =>
    (
      await server.ok<{ history: { totalCount: number } }>(
        auditor,
        'query($id: ID!) { history(conventionId: $id, first: 1) { totalCount } }',
        { id },
      )
    ).history.totalCount;

  const conventionCount = async () =>
    (await server.ok<{ conventions: { totalCount: number } }>(auditor, '{ conventions { totalCount } }'))
      .conventions.totalCount;

  /** Every event of a convention, oldest first. */
  const history = async (id: string) => {
    const events: { version: number; occurredAt: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const page: {
        history: {
          edges: { node: { version: number; occurredAt: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      } = await server.ok(
        auditor,
        `query($id: ID!, $after: String) { history(conventionId: $id, first: 100, after: $after) {
          edges { node { version occurredAt } } pageInfo { hasNextPage endCursor } } }`,
        { id, after },
      );
      events.push(...page.history.edges.map((e) => e.node));
      if (!page.history.pageInfo.hasNextPage) return events;
      after = page.history.pageInfo.endCursor;
    }
  };

  const me = () => server.ok<{ me: { id: string } }>(auditor, '{ me { id } }');

  /** A refusal with BAD_USER_INPUT whose message names the field. */
  const expectBadInput = (result: GraphQLResponse<unknown>, field: string) => {
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain(field);
    expect(JSON.stringify(result.errors)).not.toMatch(/stack|at .*\.js:\d+/);
  };

  const signed = async (effectiveOn: string | null) => {
    const created = await server.ok<{ createConvention: { convention: { id: string } } }>(admin, CREATE, {
      w: 'halde-amf-2010',
      on: effectiveOn,
    });
    const id = created.createConvention.convention.id;
    const first = await server.ok<{ signConvention: { convention: { version: number } } }>(amf, SIGN, { id });
    const last = await server.ok<{
      signConvention: { convention: { status: string; version: number; effectiveOn: string } };
    }>(halde, SIGN, { id });
    return { id, before: first.signConvention.convention.version, after: last.signConvention.convention };
  };

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2026-01-05T08:00:00Z' });
    ({ admin, auditor, halde, amf } = await server.haldeAmfTokens());
    conventionId = (await signed(null)).id;
  });

  afterAll(async () => {
    await server?.dispose();
  });

  describe('bounded input', () => {
    it('refuses a 1,000,000-character note, reason, title and idempotency key, appending nothing', async () => {
      const events = await eventCount(conventionId);
      const conventions = await conventionCount();
      const commitment = `${conventionId}:amf-relays-information`;
      expectBadInput(
        await server.graphql(amf, MARK, { c: commitment, note: MB }),
        'input.note: at most 10000',
      );
      expectBadInput(await server.graphql(amf, MARK, { c: commitment, k: MB }), 'input.idempotencyKey');
      expectBadInput(await server.graphql(amf, NOTICE, { id: conventionId, reason: MB }), 'input.reason');
      expectBadInput(await server.graphql(admin, CREATE, { w: 'halde-amf-2010', title: MB }), 'input.title');
      expect(await eventCount(conventionId)).toBe(events);
      expect(await conventionCount()).toBe(conventions);
    });

    it.each(CONTROLS)(
      'refuses %s in note, title, evidenceUrl and reason, appending nothing',
      async (_, bad) => {
        const events = await eventCount(conventionId);
        const conventions = await conventionCount();
        const commitment = `${conventionId}:amf-relays-information`;
        expectBadInput(await server.graphql(amf, MARK, { c: commitment, note: bad }), 'input.note: control');
        expectBadInput(
          await server.graphql(amf, MARK, { c: commitment, url: `https://example.org/${bad}` }),
          'input.evidenceUrl',
        );
        expectBadInput(await server.graphql(amf, NOTICE, { id: conventionId, reason: bad }), 'input.reason');
        expectBadInput(
          await server.graphql(admin, CREATE, { w: 'halde-amf-2010', title: bad }),
          'input.title',
        );
        expect(await eventCount(conventionId)).toBe(events);
        expect(await conventionCount()).toBe(conventions);
      },
    );

    it('applies the same rules to the export endpoint', async () => {
      const url = new URL(server.url.replace(/\/graphql$/, '/audit/export'));
      url.searchParams.set('conventionId', `${conventionId}\u001b[2J`);
      const response = await fetch(url, { headers: { authorization: `Bearer ${auditor}` } });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('BAD_USER_INPUT');
      expect(body.error.message).toMatch(
        /^conventionId: control or bidirectional formatting character U\+001B/,
      );
    });

    it('refuses a link that is not http(s)', async () => {
      const events = await eventCount(conventionId);
      const result = await server.graphql(amf, MARK, {
        c: `${conventionId}:amf-relays-information`,
        url: 'javascript:alert(1)',
      });
      expectBadInput(result, 'input.evidenceUrl: must be an http(s) URL');
      expect(await eventCount(conventionId)).toBe(events);
    });

    it('answers NOT_FOUND for a commitment id that names no commitment, appending nothing', async () => {
      const events = await eventCount(conventionId);
      for (const id of [
        `${conventionId}:no-such-commitment`,
        `${conventionId}:amf-relays-information:extra`,
        '00000000-0000-4000-8000-000000000000:amf-relays-information',
        'amf-relays-information',
        `:amf-relays-information`,
      ]) {
        const result = await server.graphql(amf, MARK, { c: id });
        expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
        expect(result.errors?.[0]?.message).toBe(`no commitment ${id}`);
      }
      expect(await eventCount(conventionId)).toBe(events);
    });

    it('keeps newlines and tabs in a note', async () => {
      const note = 'Relais fait.\n\tCompte rendu joint.';
      const done = await server.ok<{ markCommitmentDone: { commitment: { status: string } } }>(amf, MARK, {
        c: `${conventionId}:amf-relays-information`,
        note,
        url: 'https://example.org/cr',
      });
      expect(done.markCommitmentDone.commitment.status).toBe('FULFILLED');
    });

    it('refuses year-0000 and other dates outside the window, appending nothing', async () => {
      const conventions = await conventionCount();
      for (const on of ['0000-01-01', '1979-12-31', '2101-01-01', '2011-02-30']) {
        expectBadInput(await server.graphql(admin, CREATE, { w: 'halde-amf-2010', on }), 'input.effectiveOn');
      }
      expect(await conventionCount()).toBe(conventions);
      const now = (await server.ok<{ now: string }>(admin, '{ now }')).now;
      expectBadInput(
        await server.graphql(
          admin,
          'mutation { advanceClock(input: { to: "0000-01-01T00:00:00Z" }) { now } }',
        ),
        'input.to',
      );
      expectBadInput(
        await server.graphql(
          auditor,
          'query($id: ID!) { conventionAt(id: $id, at: "2011-02-30T00:00:00Z") { version } }',
          {
            id: conventionId,
          },
        ),
        'at:',
      );
      expect((await server.ok<{ now: string }>(admin, '{ now }')).now).toBe(now);
    });

    it('answers BAD_USER_INPUT, not an empty list, for 2011-02-30 in a filter', async () => {
      expectBadInput(
        await server.graphql(amf, '{ commitments(filter: { dueBefore: "2011-02-30" }) { totalCount } }'),
        'filter.dueBefore',
      );
      expectBadInput(
        await server.graphql(amf, '{ deadlines(filter: { before: "2011-02-30" }) { kind } }'),
        'filter.before',
      );
      expectBadInput(
        await server.graphql(amf, '{ commitments(filter: { dueBefore: "0000-01-01" }) { totalCount } }'),
        'filter.dueBefore',
      );
    });
  });

  describe('bounded writes', () => {
    it('commits a signature effective decades back with a bounded write, then catches up in steps while { me } answers', async () => {
      // { me } is asked without pause from before the last signature until the catch-up is over.
      const latencies: number[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const started = performance.now();
          await me();
          latencies.push(performance.now() - started);
        }
      })();
      const { id, before, after } = await signed('1980-01-01');
      expect(after.effectiveOn).toBe('1980-01-01');
      // The signature's own commit: its event and at most 7 of the deadlines it made due.
      expect(after.version - before).toBeGreaterThan(1);
      expect(after.version - before).toBeLessThanOrEqual(8);

      // The rest fires after the answer, in steps; reads keep answering meanwhile.
      let answeredWhileCatchingUp = 0;
      let settled = false;
      let total = await eventCount(id);
      for (let round = 0; round < 600 && !settled; round++) {
        const answeredBefore = latencies.length;
        await new Promise((resolve) => setTimeout(resolve, 50));
        const pending = await server.ok<{ deadlines: { dueOn: string }[] }>(
          auditor,
          'query($id: ID!) { deadlines(filter: { conventionId: $id, before: "2026-01-05" }) { dueOn } }',
          { id },
        );
        const now = await eventCount(id);
        if (pending.deadlines.length && latencies.length > answeredBefore) answeredWhileCatchingUp++;
        settled = pending.deadlines.length === 0 && now === total;
        total = now;
      }
      polling = false;
      await poller;
      expect(settled).toBe(true);
      expect(answeredWhileCatchingUp).toBeGreaterThan(0);
      expect(total).toBeGreaterThan(after.version);
      console.log(
        `catch-up from 1980: ${total} events (${after.version - before} in the signature's commit); ` +
          `{ me } worst ${Math.max(...latencies).toFixed(1)} ms over ${latencies.length} calls`,
      );

      const convention = await server.ok<{ convention: { status: string; term: { startsOn: string } } }>(
        auditor,
        'query($id: ID!) { convention(id: $id) { status term { startsOn } } }',
        { id },
      );
      expect(convention.convention.status).toBe('ACTIVE');
      expect(convention.convention.term.startsOn >= '2025-01-01').toBe(true);
      const verified = await server.ok<{ verifyHistory: { valid: boolean } }>(
        auditor,
        'query($id: ID!) { verifyHistory(conventionId: $id) { valid } }',
        { id },
      );
      expect(verified.verifyHistory.valid).toBe(true);
      await me();
    }, 180_000);
  });

  describe('time never runs backwards', () => {
    it('starts a manual clock restarted earlier from the last event, and conventionAt works at every event', async () => {
      const lastBefore = (await history(conventionId)).at(-1)!;
      await server.stop();
      await server.boot({ CLOCK_START: '2000-01-01T00:00:00Z' });

      const now = (await server.ok<{ now: string }>(admin, '{ now }')).now;
      expect(now >= lastBefore.occurredAt).toBe(true);
      await server.ok(halde, NOTICE, { id: conventionId, reason: 'Fin du partenariat.' });
      const events = await history(conventionId);
      const appended = events.at(-1)!;
      expect(appended.version).toBe(lastBefore.version + 1);
      expect(appended.occurredAt >= lastBefore.occurredAt).toBe(true);
      for (let i = 1; i < events.length; i++) {
        expect(events[i]!.occurredAt >= events[i - 1]!.occurredAt).toBe(true);
      }

      for (const event of events) {
        const at = await server.ok<{ conventionAt: { version: number } }>(
          auditor,
          'query($id: ID!, $at: String!) { conventionAt(id: $id, at: $at) { version } }',
          { id: conventionId, at: event.occurredAt },
        );
        const last = events.filter((e) => e.occurredAt <= event.occurredAt).at(-1)!;
        expect(at.conventionAt.version).toBe(last.version);
      }
      const verified = await server.ok<{ verifyHistory: { valid: boolean } }>(
        auditor,
        'query($id: ID!) { verifyHistory(conventionId: $id) { valid } }',
        { id: conventionId },
      );
      expect(verified.verifyHistory.valid).toBe(true);
      expect((await me()).me.id).toBeTruthy();
    }, 60_000);
  });
});
