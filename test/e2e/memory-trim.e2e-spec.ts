import { ConventioProcess } from '../support/conventio-process';
import { metricValue } from '../support/metrics-text';

/** MEMORY_TRIM_QUIET_SECONDS: the C allocator's free pages go back to the OS once per quiet spell. */
interface TrimLine {
  msg: string;
  released: boolean;
  rssBeforeMB: number;
  rssAfterMB: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function trimLines(server: ConventioProcess): TrimLine[] {
  return server.logs
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as TrimLine)
    .filter((line) => line.msg === 'memory trimmed after a quiet spell');
}

async function untilTrims(server: ConventioProcess, count: number): Promise<TrimLine[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const lines = trimLines(server);
    if (lines.length >= count) return lines;
    if (Date.now() > deadline)
      throw new Error(`${lines.length} trims, waiting for ${count}:\n${server.logs}`);
    await sleep(50);
  }
}

describe('memory trim after a quiet spell', () => {
  let server: ConventioProcess;
  let admin: string;

  beforeAll(async () => {
    server = await ConventioProcess.start({ MEMORY_TRIM_QUIET_SECONDS: '1', LOG_LEVEL: 'debug' });
    admin = await server.token('admin', 'Administrateur');
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('gives back the free pages start-up left once the server is quiet, and RSS falls', async () => {
    const [first] = await untilTrims(server, 1);
    expect(first!.released).toBe(process.platform === 'linux');
    if (first!.released) expect(first!.rssAfterMB).toBeLessThan(first!.rssBeforeMB);
  });

  it('trims once per quiet spell, and again only after a request', async () => {
    const before = (await untilTrims(server, 1)).length;
    await sleep(2_500); // two and a half quiet spells: no second trim without a request
    expect(trimLines(server)).toHaveLength(before);
    await server.ok(admin, '{ me { id } }');
    await untilTrims(server, before + 1);
    await sleep(1_500);
    expect(trimLines(server)).toHaveLength(before + 1);
    const metrics = await (await fetch(server.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metricValue(metrics, 'conventio_memory_trims_total')).toBe(before + 1);
  });
});
