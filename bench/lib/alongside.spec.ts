import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyStore, firstOfRound, pooled } from './alongside';
import { LoadResult } from './load';

function run(overrides: Partial<LoadResult>): LoadResult {
  return {
    connections: 1,
    requests: 0,
    failed: 0,
    seconds: 1,
    rps: 0,
    p50: NaN,
    p90: NaN,
    p99: NaN,
    mean: NaN,
    firstFailure: null,
    ...overrides,
  };
}

describe('reads at two sizes in one window', () => {
  it('alternates which side reads first, so each pair of rounds puts both sides first once', () => {
    expect([0, 1, 2, 3, 4, 5].map(firstOfRound)).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('pools runs: counts and seconds summed, percentiles over every latency, CPU per successful request', () => {
    const result = pooled(
      [
        run({ requests: 4, failed: 0, seconds: 2, serverCpuMsPerRequest: 1 }),
        run({ requests: 6, failed: 2, seconds: 3, serverCpuMsPerRequest: 4, firstFailure: 'refused' }),
      ],
      [10, 1, 9, 2, 8, 3, 7, 4, 6, 5],
    );
    expect(result).toMatchObject({
      requests: 10,
      failed: 2,
      seconds: 5,
      rps: 8 / 5,
      p50: 5,
      p90: 9,
      p99: 10,
      mean: 5.5,
      firstFailure: 'refused',
    });
    // 4 × 1 ms over the first run's 4, 4 × 4 ms over the second's 4 successful requests.
    expect(result.serverCpuMsPerRequest).toBe((4 * 1 + 4 * 4) / 8);
  });

  it('leaves the CPU out when a run did not read it', () => {
    const result = pooled(
      [run({ requests: 2, serverCpuMsPerRequest: 1 }), run({ requests: 2 })],
      [1, 2, 3, 4],
    );
    expect(result.serverCpuMsPerRequest).toBeUndefined();
  });

  describe('copyStore', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'conventio-alongside-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('copies a store another connection holds open, its log not yet checkpointed, with the audit key', async () => {
      const held = new Database(join(dir, 'conventio.sqlite'));
      try {
        held.pragma('journal_mode = WAL');
        held.pragma('wal_autocheckpoint = 0');
        held.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT)');
        const insert = held.prepare('INSERT INTO events (body) VALUES (?)');
        for (let i = 0; i < 100; i++) insert.run(`event ${i}`);
        writeFileSync(join(dir, 'audit-key.pem'), 'the key');

        await copyStore(dir, join(dir, 'copy'));
        insert.run('after the copy');
      } finally {
        held.close();
      }

      const copy = new Database(join(dir, 'copy', 'conventio.sqlite'), { readonly: true });
      try {
        expect(copy.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 100 });
        expect(copy.prepare('SELECT body FROM events ORDER BY id DESC LIMIT 1').get()).toEqual({
          body: 'event 99',
        });
      } finally {
        copy.close();
      }
      expect(readFileSync(join(dir, 'copy', 'audit-key.pem'), 'utf8')).toBe('the key');
    });
  });
});
