import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConventioProcess } from '../support/conventio-process';
import { Cluster } from './cluster';

const ROOT = resolve(__dirname, '../..');
const SIGN = `mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status workflowVersion } } }`;

/**
 * A rollout with a changed definition: instance B starts from files where the HALDE–AMF text
 * changed, so it publishes version 2 of that definition while instance A, started before,
 * still runs version 1. A must still run and show what B creates under version 2.
 */
describe('a definition changed while instances run', () => {
  let cluster: Cluster;
  let changedWorkflows: string;

  afterAll(async () => {
    await cluster?.dispose();
    if (changedWorkflows) rmSync(changedWorkflows, { recursive: true, force: true });
  });

  it('is learnt by the instances already running, which run its conventions', async () => {
    cluster = await Cluster.start(1, { CLOCK: 'manual', CLOCK_START: '2010-06-24T08:00:00Z' });
    const [a] = cluster.instances as [ConventioProcess];
    changedWorkflows = mkdtempSync(join(tmpdir(), 'conventio-workflows-'));
    cpSync(join(ROOT, 'workflows'), changedWorkflows, { recursive: true });
    const file = join(changedWorkflows, 'halde-amf-2010.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: (.*)$/m, 'title: $1 (avenant n° 1)'));
    const [b] = (await cluster.grow(1, {
      CLOCK_START: '2010-06-24T08:00:00Z',
      WORKFLOWS_DIR: changedWorkflows,
    })) as [ConventioProcess];

    const { admin, auditor, halde, amf } = await a.haldeAmfTokens();
    const created = await b.ok<{ createConvention: { convention: { id: string; workflowVersion: number } } }>(
      admin,
      'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id workflowVersion } } }',
    );
    const { id, workflowVersion } = created.createConvention.convention;
    expect(workflowVersion).toBe(2);

    // A learnt version 2 when B published it: it signs, shows and verifies the convention.
    const signed = await a.ok<{
      signConvention: { convention: { status: string; workflowVersion: number } };
    }>(amf, SIGN, { id });
    expect(signed.signConvention.convention).toEqual({ status: 'DRAFT', workflowVersion: 2 });
    await b.ok(halde, SIGN, { id });
    const seen = await a.ok<{ convention: { title: string; status: string } }>(
      auditor,
      'query($id: ID!) { convention(id: $id) { title status } }',
      { id },
    );
    expect(seen.convention).toEqual({ title: expect.stringContaining('(avenant n° 1)'), status: 'ACTIVE' });
    const { verifyHistory } = await a.ok<{ verifyHistory: { valid: boolean } }>(
      auditor,
      'query($id: ID!) { verifyHistory(conventionId: $id) { valid } }',
      { id },
    );
    expect(verifyHistory.valid).toBe(true);
    // A keeps creating conventions from its own files.
    const own = await a.ok<{ createConvention: { convention: { workflowVersion: number } } }>(
      admin,
      'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { workflowVersion } } }',
    );
    expect(own.createConvention.convention.workflowVersion).toBe(1);
  }, 60_000);
});
