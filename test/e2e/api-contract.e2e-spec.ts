import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConventioProcess, errorCode } from '../support/conventio-process';
import { createTestStore, storeContents } from '../support/test-store';

const ROOT = resolve(__dirname, '../..');

describe('API contract over HTTP', () => {
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let amf: string;
  let halde: string;

  const create = async (workflowId: string) =>
    (
      await server.ok<{ createConvention: { convention: { id: string } } }>(
        admin,
        'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id } } }',
        { w: workflowId },
      )
    ).createConvention.convention.id;

  const sign = (token: string, id: string) =>
    server.graphql(
      token,
      'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }',
      {
        id,
      },
    );

  beforeAll(async () => {
    server = await ConventioProcess.start();
    [admin, auditor, amf, halde] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
      server.token('representative', 'Jacques Pélissard', 'amf'),
      server.token('representative', 'Jeannette Bougrab', 'halde'),
    ]);
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('lists the five seed definitions as workflows', async () => {
    const data = await server.ok<{
      workflows: { id: string; parties: { signatories: { id: string }[] }[] }[];
    }>(amf, '{ workflows { id parties { signatories { id } } } }');
    expect(data.workflows.map((w) => w.id).sort()).toEqual([
      'amif-hubertine-auclert-2020',
      'cget-defenseur-des-droits-2015',
      'charte-diversite-cnml-2009',
      'halde-amf-2010',
      'region-idf-acse-2008',
    ]);
    const region = data.workflows.find((w) => w.id === 'region-idf-acse-2008')!;
    expect(region.parties.flatMap((p) => p.signatories)).toHaveLength(3);
  });

  it('answers malformed queries and bad arguments with BAD_USER_INPUT and no internals', async () => {
    const syntax = await server.graphql(amf, '{ me { name ');
    expect(errorCode(syntax)).toBe('BAD_USER_INPUT');
    const unknownField = await server.graphql(amf, '{ me { salary } }');
    expect(errorCode(unknownField)).toBe('BAD_USER_INPUT');
    const badEnum = await server.graphql(
      amf,
      'query($s: ConventionStatus) { conventions(filter: { status: $s }) { totalCount } }',
      {
        s: 'SOMEWHAT_ACTIVE',
      },
    );
    expect(errorCode(badEnum)).toBe('BAD_USER_INPUT');
    const badPage = await server.graphql(amf, '{ conventions(first: 0) { totalCount } }');
    expect(errorCode(badPage)).toBe('BAD_USER_INPUT');
    const badCursor = await server.graphql(amf, '{ conventions(after: "nonsense") { totalCount } }');
    expect(errorCode(badCursor)).toBe('BAD_USER_INPUT');
    for (const result of [syntax, unknownField, badEnum, badPage, badCursor]) {
      expect(JSON.stringify(result)).not.toMatch(/stacktrace|at \w+ \(|node_modules|dist\//);
    }
  });

  it('stops accepting a token as soon as it is revoked', async () => {
    const { id, secret } = await server.issueToken('representative', 'Stagiaire', 'amf');
    expect((await server.ok<{ me: { name: string } }>(secret, '{ me { name } }')).me.name).toBe('Stagiaire');
    await server.cli('token', 'revoke', id);
    expect(errorCode(await server.graphql(secret, '{ me { name } }'))).toBe('UNAUTHENTICATED');
  });

  it('stores only the hash of a token secret', async () => {
    const secret = await server.token('auditor', 'Inspection');
    const stored = await storeContents(server.store);
    expect(stored.includes(Buffer.from('Inspection'))).toBe(true);
    expect(stored.includes(Buffer.from(secret))).toBe(false);
  });

  it('pages conventions as a Relay connection with filters and totalCount', async () => {
    const ids = [];
    for (let i = 0; i < 5; i += 1)
      ids.push(await create(i % 2 ? 'halde-amf-2010' : 'charte-diversite-cnml-2009'));
    const query = `query($after: String, $filter: ConventionFilter) { conventions(first: 2, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id workflowId } } } }`;
    type Page = {
      conventions: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: { id: string; workflowId: string } }[];
      };
    };
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await server.ok<Page>(auditor, query, { after, filter: { partyId: 'amf' } });
      expect(page.conventions.totalCount).toBe(2);
      seen.push(...page.conventions.edges.map((e) => e.node.id));
      if (!page.conventions.pageInfo.hasNextPage) break;
      after = page.conventions.pageInfo.endCursor;
    }
    expect(seen).toEqual([ids[1], ids[3]]);
    const all = await server.ok<Page>(auditor, query, { after: null, filter: { status: 'DRAFT' } });
    expect(all.conventions.totalCount).toBeGreaterThanOrEqual(5);
    expect(all.conventions.pageInfo.hasNextPage).toBe(true);
  });

  it('filters commitments by party and status, and shows each viewer its own actions', async () => {
    const id = await create('halde-amf-2010');
    await sign(amf, id);
    await sign(halde, id);
    type Commitments = {
      commitments: {
        totalCount: number;
        edges: { node: { key: string; owners: string[]; status: string; allowedActions: string[] } }[];
      };
    };
    const query = `query($f: CommitmentFilter) { commitments(filter: $f, first: 50) { totalCount
      edges { node { key owners status allowedActions } } } }`;
    const amfOwned = await server.ok<Commitments>(amf, query, {
      f: { partyId: 'amf', status: 'IN_EFFECT', conventionId: id },
    });
    expect(amfOwned.commitments.totalCount).toBeGreaterThan(0);
    for (const { node } of amfOwned.commitments.edges) {
      expect(node.owners).toContain('amf');
      expect(node.allowedActions).toEqual(['MARK_DONE']);
    }
    const seenByHalde = await server.ok<Commitments>(halde, query, {
      f: { partyId: 'amf', conventionId: id },
    });
    for (const { node } of seenByHalde.commitments.edges) {
      expect(node.allowedActions).toEqual(node.owners.includes('halde') ? ['MARK_DONE'] : []);
    }
    const fulfilled = await server.ok<Commitments>(amf, query, {
      f: { partyId: 'amf', status: 'FULFILLED', conventionId: id },
    });
    expect(fulfilled.commitments.totalCount).toBe(0);
    expect(errorCode(await server.graphql(amf, query, { f: { dueBefore: 'soon' } }))).toBe('BAD_USER_INPUT');

    // Across conventions, a party's totalCount matches what its pages list.
    const acrossConventions = await server.ok<Commitments>(amf, query, {
      f: { partyId: 'amf', status: 'IN_EFFECT' },
    });
    expect(acrossConventions.commitments.totalCount).toBe(acrossConventions.commitments.edges.length);
    expect(acrossConventions.commitments.totalCount).toBeGreaterThanOrEqual(amfOwned.commitments.totalCount);
  });

  it('serialises concurrent transitions on one convention: every acknowledged event is stored, versions gapless', async () => {
    const id = await create('halde-amf-2010');
    await sign(amf, id);
    await sign(halde, id);
    const commitments = await server.ok<{ convention: { commitments: { id: string; owners: string[] }[] } }>(
      amf,
      'query($id: ID!) { convention(id: $id) { commitments { id owners } } }',
      { id },
    );
    const mark =
      'mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c }) { convention { version } } }';
    const requests = commitments.convention.commitments.flatMap((c) =>
      c.owners.map((owner) =>
        server.graphql<{ markCommitmentDone: { convention: { version: number } } }>(
          owner === 'amf' ? amf : halde,
          mark,
          { c: c.id },
        ),
      ),
    );
    const results = await Promise.all(requests);
    const acknowledged = results
      .filter((r) => !r.errors)
      .map((r) => r.data!.markCommitmentDone.convention.version);
    expect(acknowledged).toHaveLength(requests.length);
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
    const audit = await server.ok<{
      history: { totalCount: number; edges: { node: { version: number } }[] };
      verifyHistory: { valid: boolean };
    }>(
      auditor,
      'query($id: ID!) { history(conventionId: $id, first: 100) { totalCount edges { node { version } } } verifyHistory(conventionId: $id) { valid } }',
      { id },
    );
    expect(audit.history.edges.map((e) => e.node.version)).toEqual(audit.history.edges.map((_, i) => i + 1));
    expect(audit.verifyHistory.valid).toBe(true);
  });

  it('keeps every acknowledged transition across a restart', async () => {
    const id = await create('halde-amf-2010');
    await sign(amf, id);
    const before = await server.ok<{ convention: { version: number; status: string } }>(
      auditor,
      'query($id: ID!) { convention(id: $id) { version status } }',
      { id },
    );
    await server.stop();
    await server.boot();
    const after = await server.ok<{
      convention: { version: number; status: string };
      verifyHistory: { valid: boolean };
    }>(
      auditor,
      'query($id: ID!) { convention(id: $id) { version status } verifyHistory(conventionId: $id) { valid } }',
      { id },
    );
    expect(after.convention).toEqual(before.convention);
    expect(after.verifyHistory.valid).toBe(true);
  });
});

describe('start-up with a bad definition', () => {
  it('refuses to start, naming the file, the path and the reason, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conventio-bad-workflows-'));
    const good = readFileSync(join(ROOT, 'workflows/halde-amf-2010.yaml'), 'utf8');
    writeFileSync(join(dir, 'halde-amf-2010.yaml'), good.replace('period: P3M', 'period: P3X'));
    const store = await createTestStore(dir);
    let result;
    try {
      result = spawnSync(process.execPath, [join(ROOT, 'dist/src/main.js')], {
        env: { ...process.env, ...store.env, WORKFLOWS_DIR: dir, PORT: '0' },
        encoding: 'utf8',
        timeout: 20_000,
      });
    } finally {
      await store.dispose();
    }
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('halde-amf-2010.yaml');
    expect(result.stderr).toContain('notice.period');
    expect(result.stderr).toMatch(/P3X/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('start-up with another audit key', () => {
  it('refuses to start an instance whose key did not sign the checkpoints of its store', async () => {
    const server = await ConventioProcess.start();
    try {
      const admin = await server.token('admin', 'Administrateur');
      await server.ok(admin, 'mutation { publishCheckpoint { size } }');
      await server.stop();
      const result = spawnSync(process.execPath, [join(ROOT, 'dist/src/main.js')], {
        env: { ...server.env, AUDIT_KEY_PATH: join(server.dir, 'another-key.pem'), PORT: '0' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /signed with key \S+, but AUDIT_KEY_PATH holds key \S+: give every instance/,
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
      // With its own key it starts again.
      await server.boot();
      expect(await server.ok(admin, '{ me { role } }')).toEqual({ me: { role: 'ADMIN' } });
    } finally {
      await server.dispose();
    }
  });
});
