import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { IdempotencyRepository } from '../../src/conventions/idempotency.repository';
import { openDatabase } from '../../src/database/database';
import { IdempotentAnswers1764800000000 } from '../../src/database/migrations/1764800000000-idempotent-answers';
import { SQLITE_MIGRATIONS } from '../../src/database/migrations';

describe('answers stored before they held ids (SQLite migration)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-answers-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keep being answered: their ids and version are read out of the stored rows', async () => {
    const path = join(dir, 'conventio.sqlite');
    const earlier = new DataSource({
      type: 'better-sqlite3',
      database: path,
      migrations: SQLITE_MIGRATIONS.slice(0, SQLITE_MIGRATIONS.indexOf(IdempotentAnswers1764800000000)),
    });
    await earlier.initialize();
    await earlier.runMigrations();
    const insert = (key: string, operation: string, result: unknown) =>
      earlier.query(
        `INSERT INTO "idempotency_keys" ("actor_id", "key", "operation", "fingerprint", "result", "created_at")
         VALUES ('u1', ?, ?, 'f', ?, '2011-01-01T00:00:00.000Z')`,
        [key, operation, JSON.stringify(result)],
      );
    const convention = { id: 'c1', version: 4, status: 'ACTIVE', snapshot: '{"status":"active"}' };
    await insert('sign', 'signConvention', { convention, commitment: null });
    await insert('mark', 'markCommitmentDone', {
      convention,
      commitment: { id: 'c1:relay', status: 'FULFILLED' },
    });
    await insert('move', 'advanceClock', [
      { id: 7, kind: 'TERM_END' },
      { id: 3, kind: 'NOTICE_DEADLINE' },
    ]);
    await insert('quiet', 'advanceClock', []);
    await earlier.destroy();

    const db = await openDatabase({ kind: 'sqlite', path });
    const answers = new IdempotencyRepository();
    const find = (key: string) => answers.find(db.read, 'u1', key);
    expect(await find('sign')).toMatchObject({
      conventionId: 'c1',
      commitmentId: null,
      version: 4,
      firedDeadlineIds: null,
    });
    expect(await find('mark')).toMatchObject({ conventionId: 'c1', commitmentId: 'c1:relay', version: 4 });
    expect(await find('move')).toMatchObject({
      conventionId: null,
      version: null,
      firedDeadlineIds: '[7,3]',
    });
    expect(await find('quiet')).toMatchObject({ firedDeadlineIds: '[]' });
    expect(await find('sign')).not.toHaveProperty('result');
    await db.close();
  });
});
