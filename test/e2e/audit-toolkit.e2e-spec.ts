import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { merkleRoot, verifyConsistency, verifyInclusion } from '../../src/audit/merkle';
import { ConventioProcess, errorCode } from '../support/conventio-process';
import { World } from '../support/story';

/**
 * The auditor's toolkit end to end: signed checkpoints, inclusion and consistency proofs
 * checked here with the Merkle functions and node:crypto alone, the NDJSON export over HTTP
 * and the CLI, and the offline verifier with checkpoints a party kept from an earlier day.
 */

interface CheckpointData {
  origin: string;
  size: number;
  root: string;
  issuedAt: string;
  keyId: string;
  signature: string;
  signedText: string;
  file: string;
}

interface HistoryNode {
  version: number;
  type: string;
  logIndex: number;
  sequence: number;
  hash: string;
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const CHECKPOINT_FIELDS = 'origin size root issuedAt keyId signature signedText file';
const PUBLISH = `mutation { publishCheckpoint { ${CHECKPOINT_FIELDS} } }`;
const PROPOSE = `mutation($id: ID!, $add: [CommitmentSpecInput!]) {
  proposeAmendment(input: { conventionId: $id, summary: "Avenant n° 1 : guide commun",
    changes: { addCommitments: $add } }) { convention { amendments { id status } } } }`;
const EVALUATE = `mutation($id: ID!, $a: [AssessmentInput!]!) { submitEvaluation(input: { conventionId: $id,
  assessments: $a, summary: "Bilan annuel" }) { convention { status } } }`;
const HISTORY = `query($id: ID!) { history(conventionId: $id, first: 100) {
  totalCount edges { node { version type logIndex sequence hash } } } }`;
const EVENT_PROOF = `query($id: ID!, $v: Int!, $size: Int!) {
  eventProof(conventionId: $id, version: $v, checkpointSize: $size) {
    logIndex leafHash proof checkpoint { size root } } }`;

describe("The auditor's toolkit: checkpoints, proofs, export and offline verification", () => {
  let world: World;
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let halde: string;
  let amf: string;
  let cnml: string;
  let haldeAmf: string;
  let charteCnml: string;
  let first: CheckpointData;
  let second: CheckpointData;
  let keyFile: string;
  let keptFromCli: string;
  let keptFromApi: string;

  const file = (name: string) => join(server.dir, name);

  const cli = async (...args: string[]): Promise<CliResult> => {
    try {
      const { stdout, stderr } = await server.cli(...args);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: unknown; stdout?: string; stderr?: string };
      return {
        code: typeof failed.code === 'number' ? failed.code : -1,
        stdout: failed.stdout ?? '',
        stderr: failed.stderr ?? '',
      };
    }
  };

  const history = async (conventionId: string) =>
    (
      await server.ok<{ history: { totalCount: number; edges: { node: HistoryNode }[] } }>(auditor, HISTORY, {
        id: conventionId,
      })
    ).history.edges.map((e) => e.node);

  /** Every event of the log, from the histories of all conventions, in log order. */
  const wholeLog = async () =>
    [
      ...(await history(haldeAmf)).map((e) => ({ ...e, stream: 'A' })),
      ...(await history(charteCnml)).map((e) => ({ ...e, stream: 'B' })),
    ].sort((a, b) => a.logIndex - b.logIndex);

  const exportUrl = (query = '') => `${server.url.replace(/\/graphql$/, '/audit/export')}${query}`;

  const download = (token: string | null, query = '') =>
    fetch(exportUrl(query), { headers: token ? { authorization: `Bearer ${token}` } : {} });

  const records = (ndjson: string) =>
    ndjson
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { type: string } & Record<string, unknown>);

  beforeAll(async () => {
    world = await World.start({ CLOCK: 'manual', CLOCK_START: '2010-06-20T08:00:00Z' });
    ({ server, admin, auditor } = world);
    [halde, amf, cnml] = await world.tokensOf('halde', 'amf', 'cnml');
    // Two conventions whose events interleave in the log.
    haldeAmf = (await world.given.draft('halde-amf')).id;
    charteCnml = (await world.given.draft('charte-cnml')).id;
    await world.when.clockReaches('2010-06-24T09:00:00Z');
    await world.as('amf').signs(haldeAmf);
    await world.as('charte-diversite').signs(charteCnml);
    await world.as('halde').signs(haldeAmf);
    await world.as('cnml').signs(charteCnml);
    await world.as('halde').marksDone(`${haldeAmf}:halde-shares-information`);
    await world.as('cnml').marksDone(`${charteCnml}:cnml-brochure-online`);
    await world.as('amf').marksDone(`${haldeAmf}:amf-relays-information`);
    const jointGuide = {
      id: 'joint-guide-for-mayors',
      article: 'Avenant n° 1, article 1',
      title: 'Guide commun à l’usage des maires',
      text: 'La HALDE et l’AMF rédigent ensemble un guide à l’usage des maires.',
      owners: ['halde', 'amf'],
      shape: 'STANDING',
    };
    await world.as('halde').does(PROPOSE, { id: haldeAmf, add: [jointGuide] });
    await world.as('amf').signsAmendment(haldeAmf);
    await world.as('halde').signsAmendment(haldeAmf);
    await world.as('charte-diversite').marksDone(`${charteCnml}:charte-newsletter-promotion`);
  }, 60_000);

  afterAll(async () => {
    await world?.dispose();
  });

  it('publishes a checkpoint on demand for an admin only, and answers the same one while the log has not grown', async () => {
    for (const token of [auditor, halde]) {
      expect(errorCode(await server.graphql(token, PUBLISH))).toBe('FORBIDDEN');
    }
    expect(errorCode(await server.graphql(null, PUBLISH))).toBe('UNAUTHENTICATED');
    const log = await wholeLog();
    first = (await server.ok<{ publishCheckpoint: CheckpointData }>(admin, PUBLISH)).publishCheckpoint;
    expect(first.size).toBe(log.length);
    expect(first.origin).toBe('conventio/log');
    expect(first.root).toMatch(/^[0-9a-f]{64}$/);
    // The root is the RFC 6962 Merkle root of the event hashes in log order.
    expect(first.root).toBe(merkleRoot(log.map((e) => e.hash)));
    const again = (await server.ok<{ publishCheckpoint: CheckpointData }>(admin, PUBLISH)).publishCheckpoint;
    expect(again).toEqual(first);
  });

  it('lets a party keep that checkpoint as a file, from the API and from the CLI', async () => {
    const latest = (
      await server.ok<{ latestCheckpoint: CheckpointData }>(auditor, `{ latestCheckpoint { file } }`)
    ).latestCheckpoint;
    keptFromApi = file('kept-from-api.txt');
    writeFileSync(keptFromApi, latest.file);
    const printed = await cli('checkpoint');
    expect(printed.code).toBe(0);
    // Nothing was appended since: the command prints the same signed checkpoint.
    expect(printed.stdout).toBe(first.file);
    keptFromCli = file('kept-from-cli.txt');
    writeFileSync(keptFromCli, printed.stdout);
    expect(printed.stdout.split('\n').slice(0, 3)).toEqual([
      'conventio/log',
      String(first.size),
      Buffer.from(first.root, 'hex').toString('base64'),
    ]);
  });

  it('lists checkpoints newest first, pages through them, and gives the latest', async () => {
    // A later day: evaluations, then the tacit renewal and the CNML charter's term end.
    await server.advance(admin, '2011-02-10T09:00:00Z');
    const workflow = await server.ok<{ workflow: { evaluation: { criteria: { id: string }[] } } }>(
      auditor,
      '{ workflow(id: "halde-amf-2010") { evaluation { criteria { id } } } }',
    );
    const assessments = workflow.workflow.evaluation.criteria.map((c) => ({
      criterion: c.id,
      rating: 'MET',
      comment: null,
    }));
    await server.ok(amf, EVALUATE, { id: haldeAmf, a: assessments });
    await server.ok(halde, EVALUATE, { id: haldeAmf, a: assessments });
    const fired = await server.advance(admin, '2011-06-24T12:00:00Z');
    expect(fired.length).toBeGreaterThan(0);
    second = (await server.ok<{ publishCheckpoint: CheckpointData }>(admin, PUBLISH)).publishCheckpoint;
    expect(second.size).toBe((await wholeLog()).length);
    expect(second.size).toBeGreaterThan(first.size);

    const page = `query($after: String) { checkpoints(first: 1, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { ${CHECKPOINT_FIELDS} } } } }`;
    type Page = {
      checkpoints: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: CheckpointData }[];
      };
    };
    const all = await server.ok<Page>(
      auditor,
      `{ checkpoints(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${CHECKPOINT_FIELDS} } } } }`,
    );
    const sizes = all.checkpoints.edges.map((e) => e.node.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(new Set(sizes).size).toBe(sizes.length);
    expect(sizes.slice(0, 2)).toEqual([second.size, first.size]);
    expect(all.checkpoints.totalCount).toBe(sizes.length);
    expect(all.checkpoints.pageInfo.hasNextPage).toBe(false);

    const newest = await server.ok<Page>(auditor, page);
    expect(newest.checkpoints.edges.map((e) => e.node)).toEqual([second]);
    expect(newest.checkpoints.pageInfo.hasNextPage).toBe(sizes.length > 1);
    const next = await server.ok<Page>(auditor, page, { after: newest.checkpoints.pageInfo.endCursor });
    expect(next.checkpoints.edges.map((e) => e.node)).toEqual([first]);

    const latest = await server.ok<{ latestCheckpoint: CheckpointData }>(
      halde,
      `{ latestCheckpoint { ${CHECKPOINT_FIELDS} } }`,
    );
    expect(latest.latestCheckpoint).toEqual(second);
  }, 60_000);

  it('serves the Ed25519 public key that verifies every checkpoint signature', async () => {
    const key = (
      await server.ok<{ auditKey: { algorithm: string; keyId: string; publicKeyPem: string } }>(
        auditor,
        '{ auditKey { algorithm keyId publicKeyPem } }',
      )
    ).auditKey;
    expect(key.algorithm).toBe('Ed25519');
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/);
    const publicKey = createPublicKey(key.publicKeyPem);
    expect(publicKey.asymmetricKeyType).toBe('ed25519');
    const der = publicKey.export({ format: 'der', type: 'spki' });
    expect(key.keyId).toBe(createHash('sha256').update(der).digest('hex').slice(0, 16));
    keyFile = file('audit-key.pub.pem');
    writeFileSync(keyFile, key.publicKeyPem);

    const all = await server.ok<{ checkpoints: { edges: { node: CheckpointData }[] } }>(
      auditor,
      `{ checkpoints(first: 50) { edges { node { ${CHECKPOINT_FIELDS} } } } }`,
    );
    for (const { node } of all.checkpoints.edges) {
      expect(node.keyId).toBe(key.keyId);
      expect(node.signedText).toBe(
        `${node.origin}\n${node.size}\n${Buffer.from(node.root, 'hex').toString('base64')}\n`,
      );
      const signature = Buffer.from(node.signature, 'base64');
      expect(verify(null, Buffer.from(node.signedText), publicKey, signature)).toBe(true);
      // The signature covers the size and the root: another size does not verify.
      const forged = node.signedText.replace(`\n${node.size}\n`, `\n${node.size + 1}\n`);
      expect(verify(null, Buffer.from(forged), publicKey, signature)).toBe(false);
    }
  });

  it('proves that events of both conventions are included in both checkpoints', async () => {
    const log = await wholeLog();
    const samples: [string, number][] = [
      [haldeAmf, 1],
      [haldeAmf, 4],
      [charteCnml, 2],
      [charteCnml, 3],
      [haldeAmf, 8],
    ];
    for (const checkpoint of [first, second]) {
      for (const [conventionId, version] of samples) {
        const { eventProof } = await server.ok<{
          eventProof: {
            logIndex: number;
            leafHash: string;
            proof: string[];
            checkpoint: { size: number; root: string };
          };
        }>(auditor, EVENT_PROOF, { id: conventionId, v: version, size: checkpoint.size });
        const event = (await history(conventionId)).find((e) => e.version === version)!;
        expect(eventProof.logIndex).toBe(event.logIndex);
        expect(eventProof.leafHash).toBe(event.hash);
        expect(eventProof.checkpoint).toEqual({ size: checkpoint.size, root: checkpoint.root });
        expect(
          verifyInclusion(
            eventProof.leafHash,
            eventProof.logIndex,
            checkpoint.size,
            eventProof.proof,
            checkpoint.root,
          ),
        ).toBe(true);
        // The same proof does not place it anywhere else, nor another event there.
        expect(
          verifyInclusion(
            eventProof.leafHash,
            eventProof.logIndex + 1,
            checkpoint.size,
            eventProof.proof,
            checkpoint.root,
          ),
        ).toBe(false);
        const other = log.find((e) => e.hash !== event.hash)!;
        expect(
          verifyInclusion(
            other.hash,
            eventProof.logIndex,
            checkpoint.size,
            eventProof.proof,
            checkpoint.root,
          ),
        ).toBe(false);
      }
    }
    // An event appended after a checkpoint is not in it.
    const late = (await history(haldeAmf)).find((e) => e.logIndex >= first.size)!;
    const refused = await server.graphql(auditor, EVENT_PROOF, {
      id: haldeAmf,
      v: late.version,
      size: first.size,
    });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    // To a representative of a party to neither convention, the convention does not exist.
    expect(
      errorCode(await server.graphql(cnml, EVENT_PROOF, { id: haldeAmf, v: 1, size: second.size })),
    ).toBe('NOT_FOUND');
  });

  it('proves that the older checkpoint is a prefix of the newer one', async () => {
    const { consistencyProof } = await server.ok<{
      consistencyProof: {
        fromSize: number;
        toSize: number;
        fromRoot: string;
        toRoot: string;
        proof: string[];
      };
    }>(
      auditor,
      'query($from: Int!, $to: Int!) { consistencyProof(fromSize: $from, toSize: $to) { fromSize toSize fromRoot toRoot proof } }',
      { from: first.size, to: second.size },
    );
    expect(consistencyProof).toEqual(
      expect.objectContaining({
        fromSize: first.size,
        toSize: second.size,
        fromRoot: first.root,
        toRoot: second.root,
      }),
    );
    expect(verifyConsistency(first.size, second.size, first.root, second.root, consistencyProof.proof)).toBe(
      true,
    );
    expect(verifyConsistency(first.size, second.size, second.root, first.root, consistencyProof.proof)).toBe(
      false,
    );
    expect(
      verifyConsistency(first.size - 1, second.size, first.root, second.root, consistencyProof.proof),
    ).toBe(false);
  });

  it('gives every event a dense log index across conventions, in commit order', async () => {
    const log = await wholeLog();
    expect(log.map((e) => e.logIndex)).toEqual(log.map((_, i) => i));
    expect(log.every((e) => e.sequence === e.logIndex + 1)).toBe(true);
    // The conventions' events interleave: neither occupies a contiguous block.
    expect(log.map((e) => e.stream).join('')).toMatch(/A+B+A+B/);
  });

  it('exports the whole log over HTTP to an auditor only, and one convention to an auditor', async () => {
    expect((await download(null)).status).toBe(401);
    const forbidden = await download(halde);
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    expect((await download(auditor, '?conventionId=no-such-convention')).status).toBe(404);

    const response = await download(auditor);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const body = await response.text();
    writeFileSync(file('http-log.ndjson'), body);
    const lines = records(body);
    const log = await wholeLog();
    expect(lines[0]).toEqual(
      expect.objectContaining({ type: 'header', scope: 'log', logSize: log.length, conventionId: null }),
    );
    expect(lines[1]).toEqual(expect.objectContaining({ type: 'publicKey', algorithm: 'Ed25519' }));
    expect(lines.filter((l) => l.type === 'definition').map((l) => l.ref)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^halde-amf-2010@/),
        expect.stringMatching(/^charte-diversite-cnml-2009@/),
      ]),
    );
    expect(lines.filter((l) => l.type === 'checkpoint').map((l) => l.size)).toEqual(
      expect.arrayContaining([first.size, second.size]),
    );
    const events = lines.filter((l) => l.type === 'event');
    expect(events.map((e) => e.hash).sort()).toEqual(log.map((e) => e.hash).sort());
    expect(lines[lines.length - 1]).toEqual({ type: 'end', events: log.length });

    const one = await download(auditor, `?conventionId=${haldeAmf}`);
    expect(one.status).toBe(200);
    const oneBody = await one.text();
    writeFileSync(file('http-halde-amf.ndjson'), oneBody);
    const oneLines = records(oneBody);
    expect(oneLines[0]).toEqual(expect.objectContaining({ scope: 'convention', conventionId: haldeAmf }));
    const oneEvents = oneLines.filter((l) => l.type === 'event');
    expect(oneEvents.every((e) => e.streamId === haldeAmf)).toBe(true);
    expect(oneEvents).toHaveLength((await history(haldeAmf)).length);
    expect(oneLines.filter((l) => l.type === 'proof')).toHaveLength(oneEvents.length);
  });

  it('exports with the CLI the same log as over HTTP', async () => {
    const whole = await cli('export', '--out', file('cli-log.ndjson'));
    expect(whole.code).toBe(0);
    const single = await cli('export', '--convention', charteCnml, '--out', file('cli-charte.ndjson'));
    expect(single.code).toBe(0);
    const withoutInstant = (path: string) =>
      records(readFileSync(path, 'utf8')).map((r) => (r.type === 'header' ? { ...r, exportedAt: null } : r));
    expect(withoutInstant(file('cli-log.ndjson'))).toEqual(withoutInstant(file('http-log.ndjson')));
    const charteLines = records(readFileSync(file('cli-charte.ndjson'), 'utf8'));
    expect(charteLines[0]).toEqual(
      expect.objectContaining({ scope: 'convention', conventionId: charteCnml }),
    );
    expect(
      (await cli('export', '--convention', 'no-such-convention', '--out', file('none.ndjson'))).code,
    ).not.toBe(0);
  });

  it('verifies the whole-log export and single-convention exports offline', async () => {
    for (const name of ['http-log.ndjson', 'cli-log.ndjson', 'http-halde-amf.ndjson', 'cli-charte.ndjson']) {
      const result = await cli('verify', file(name));
      expect({ name, ...result }).toEqual(expect.objectContaining({ name, code: 0 }));
      expect(result.stdout).toMatch(/VALID\s*$/);
      expect(result.stdout).toMatch(/pass --public-key to pin it/);
    }
    const whole = await cli('verify', file('cli-log.ndjson'), '--public-key', keyFile);
    expect(whole.code).toBe(0);
    expect(whole.stdout).toMatch(/conventions replayed: 2, events: \d+/);
    expect(whole.stdout).toMatch(/signatures checked with the given key/);
  });

  it('still verifies a checkpoint kept from an earlier day against today’s export, with the key pinned', async () => {
    const today = await cli('export', '--out', file('today.ndjson'));
    expect(today.code).toBe(0);
    const result = await cli(
      'verify',
      file('today.ndjson'),
      '--checkpoint',
      keptFromCli,
      keptFromApi,
      '--public-key',
      keyFile,
    );
    expect(result).toEqual(expect.objectContaining({ code: 0 }));
    expect(result.stdout).toMatch(/kept checkpoints: 2/);
    expect(result.stdout).toMatch(/VALID\s*$/);
    // A single-convention export checks the kept checkpoint's signature too.
    const single = await cli(
      'verify',
      file('cli-charte.ndjson'),
      '--checkpoint',
      keptFromCli,
      '--public-key',
      keyFile,
    );
    expect(single.code).toBe(0);
  });

  it('refuses an export checked with another public key, and a kept checkpoint whose root was altered', async () => {
    const otherKey = file('other-key.pub.pem');
    writeFileSync(
      otherKey,
      generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    );
    const wrongKey = await cli('verify', file('today.ndjson'), '--public-key', otherKey);
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toMatch(/^INVALID: .*is not the trusted key/m);
    expect(wrongKey.stdout).not.toMatch(/VALID/);

    const lines = readFileSync(keptFromCli, 'utf8').split('\n');
    const root = Buffer.from(lines[2]!, 'base64');
    root[0] = root[0]! ^ 0x01;
    lines[2] = root.toString('base64');
    const altered = file('kept-altered.txt');
    writeFileSync(altered, lines.join('\n'));
    const result = await cli(
      'verify',
      file('today.ndjson'),
      '--checkpoint',
      altered,
      '--public-key',
      keyFile,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^INVALID: kept checkpoint ${first.size} has an invalid signature`, 'm'),
    );
  });
});
