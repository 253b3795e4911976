import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefinitions } from '../../src/workflows/load-definitions';
import { ConventioProcess, ROOT } from '../support/conventio-process';

/**
 * The built server loads the definitions folder in a worker thread (src/workflows/
 * load-definitions-apart.ts): the YAML parser and the schema library must load there and not
 * stay in the server's own thread, and a bad folder must stop the server exactly as loading it
 * in the thread does.
 */
describe('definitions loaded apart at start-up', () => {
  let scratch: string;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'conventio-definitions-'));
  });

  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('keeps neither the YAML parser nor the schema library in the server thread; the worker loads them', async () => {
    // Preloaded in the server and in each of its worker threads: lists, at the thread's exit,
    // the modules it loaded.
    const probe = join(scratch, 'modules-probe.js');
    writeFileSync(
      probe,
      `const { threadId } = require('node:worker_threads');
process.on('exit', () =>
  require('node:fs').writeFileSync(
    ${JSON.stringify(scratch)} + '/modules-' + process.pid + '-' + threadId + '.txt',
    Object.keys(require.cache).join('\\n'),
  ),
);
`,
    );
    const server = await ConventioProcess.create();
    try {
      await server.boot({ NODE_OPTIONS: `--require ${probe}` });
      const pid = server.pid;
      const { data } = await server.graphql(null, '{ __typename }');
      expect(data).toEqual({ __typename: 'Query' });
      await server.stop();

      const lists = readdirSync(scratch).filter((name) => name.startsWith(`modules-${pid}-`));
      const modules = (threadId: string) =>
        readFileSync(join(scratch, `modules-${pid}-${threadId}.txt`), 'utf8').split('\n');
      const workers = lists.map((name) => /-(\d+)\.txt$/.exec(name)![1]!).filter((id) => id !== '0');
      expect(lists).toContain(`modules-${pid}-0.txt`);
      const parsers = /\/node_modules\/(yaml|zod)\//;
      const server0 = modules('0');
      expect(server0.some((path) => path.endsWith('dist/src/app/runtime.js'))).toBe(true);
      expect(server0.filter((path) => parsers.test(path))).toEqual([]);
      expect(server0.filter((path) => path.endsWith('/load-definitions.js'))).toEqual([]);
      const loadedInWorkers = workers.flatMap(modules);
      expect(loadedInWorkers.some((path) => /\/node_modules\/yaml\//.test(path))).toBe(true);
      expect(loadedInWorkers.some((path) => /\/node_modules\/zod\//.test(path))).toBe(true);
    } finally {
      await server.dispose();
    }
  });

  it("keeps start-up's young generation small though the worker's start resets V8's flags", async () => {
    // src/heap-flags.ts: start-up runs with --semi-space-growth-factor=1 (2 × 1 MiB). A worker
    // thread's start puts the factor back to 2, and start-up's allocations would then take the
    // young generation to 2 × 16 MiB, kept idle. HEAP_YOUNG_GROWTH=1 keeps the factor at 1 once
    // the server listens too, so nothing but that reset can grow it before this reads it.
    const server = await ConventioProcess.start({ HEAP_YOUNG_GROWTH: '1' });
    try {
      const metrics = await (await fetch(server.url.replace(/\/graphql$/, '/metrics'))).text();
      const young = /^nodejs_heap_space_size_total_bytes\{space="new"\} (\d+)/m.exec(metrics);
      expect(young).not.toBeNull();
      expect(Number(young![1])).toBeLessThanOrEqual(2 * 1024 * 1024);
    } finally {
      await server.dispose();
    }
  });

  it('answers the definitions and hashes that loading in one thread gives, frozen again', async () => {
    // The built module: its compiled worker sits beside it, so this goes through a worker thread.
    const built = join(ROOT, 'dist/src/workflows/load-definitions-apart.js');
    const { loadDefinitionsApart } = (await import(
      built
    )) as typeof import('../../src/workflows/load-definitions-apart');
    const dir = join(ROOT, 'workflows');
    const apart = await (await loadDefinitionsApart(dir)).definitions;
    expect(apart).toEqual(loadDefinitions(dir));
    expect(apart.length).toBeGreaterThanOrEqual(5);
    const unfrozen = (value: unknown): boolean =>
      typeof value === 'object' &&
      value !== null &&
      (!Object.isFrozen(value) || Object.values(value).some(unfrozen));
    expect(apart.filter((loaded) => unfrozen(loaded.definition)).map((loaded) => loaded.file)).toEqual([]);
  });

  it('stops on a bad folder with every problem, as loading it in one thread reports them', async () => {
    const dir = join(scratch, 'workflows');
    mkdirSync(dir);
    copyFileSync(join(ROOT, 'workflows', 'halde-amf-2010.yaml'), join(dir, 'halde-amf-2010.yaml'));
    writeFileSync(join(dir, 'broken.yaml'), 'id: broken\n  title: [unclosed\n');
    const misspelt = readFileSync(join(ROOT, 'workflows', 'halde-amf-2010.yaml'), 'utf8')
      .replace(/^id: .*$/m, 'id: misspelt')
      .concat('\nsignatories: 2\n');
    writeFileSync(join(dir, 'misspelt.yaml'), misspelt);
    let expected = '';
    try {
      loadDefinitions(dir);
    } catch (error) {
      expected = (error as Error).message;
    }
    // The folder's problems, one a line: the YAML syntax error and the unknown field at least.
    expect(expected.split('\n').length).toBeGreaterThanOrEqual(2);
    expect(expected).toMatch(/broken\.yaml: line \d+, column \d+: YAML syntax error/);
    expect(expected).toMatch(
      /misspelt\.yaml: \(root\)\.signatories|misspelt\.yaml: .*unknown field "signatories"/,
    );

    const server = await ConventioProcess.create({ WORKFLOWS_DIR: dir });
    try {
      const started = server.boot();
      await expect(started).rejects.toThrow(/server exited with 1/);
      expect(server.logs).toContain(`Conventio cannot start: invalid definitions in workflows/\n${expected}`);
    } finally {
      await server.dispose();
    }
  });

  it('stops naming a definitions folder it cannot read', async () => {
    const missing = join(scratch, 'nowhere');
    const server = await ConventioProcess.create({ WORKFLOWS_DIR: missing });
    try {
      await expect(server.boot()).rejects.toThrow(/server exited with 1/);
      expect(server.logs).toContain(
        `invalid definitions in workflows/\ncannot read definitions folder ${missing}`,
      );
    } finally {
      await server.dispose();
    }
  });
});
