import { EntityManager } from 'typeorm';
import { CheckpointRow, DefinitionRow } from '../database/entities';
import { StoredEvent } from '../events/stored-event';
import { MACHINE_VERSION } from '../machines/convention.machine';
import { LogService } from './log.service';
import { inclusionProof } from './merkle';
import { EXPORT_FORMAT, toExportedEvent } from './export-format';

export { EXPORT_FORMAT, fromExportedEvent, toExportedEvent } from './export-format';
export type { ExportedEvent } from './export-format';

/**
 * A self-contained NDJSON export for an auditor who trusts nothing but the public key:
 * header, public key, the definitions the events ran under, the signed checkpoints, every
 * event grouped by convention (with inclusion proofs for a single-convention export), and a
 * trailer that counts them. Events are read in batches: the export never holds the log.
 */

const BATCH = 1000;

/**
 * The highest rules version among the exported events (each convention keeps the version it
 * was created with): a verifier reads from the header whether it knows them all. An empty
 * export says the current version.
 */
async function highestRulesVersion(
  manager: EntityManager,
  conventionId: string | null,
  logSize: number,
): Promise<number> {
  const query = manager
    .createQueryBuilder('events', 'e')
    .select('MAX(e.machine_version)', 'highest')
    .where('e.sequence <= :logSize', { logSize });
  if (conventionId) query.andWhere('e.stream_id = :conventionId', { conventionId });
  const row = await query.getRawOne<{ highest: number | string | null }>();
  return row?.highest == null ? MACHINE_VERSION : Number(row.highest);
}

/** Events of the log prefix of `logSize`, grouped by convention: later appends are not included. */
async function* eventsInStreamOrder(
  manager: EntityManager,
  conventionId: string | null,
  logSize: number,
): AsyncGenerator<StoredEvent> {
  let after: { streamId: string; version: number } | null = null;
  for (;;) {
    const query = manager
      .createQueryBuilder<StoredEvent>('events', 'e')
      .where('e.sequence <= :logSize', { logSize });
    if (conventionId) query.andWhere('e.stream_id = :conventionId', { conventionId });
    if (after) {
      query.andWhere(
        '(e.stream_id > :streamId OR (e.stream_id = :streamId AND e.version > :version))',
        after,
      );
    }
    const rows = await query
      .orderBy('e.stream_id', 'ASC')
      .addOrderBy('e.version', 'ASC')
      .limit(BATCH)
      .getMany();
    for (const row of rows) yield row;
    if (rows.length < BATCH) return;
    const last = rows[rows.length - 1] as StoredEvent;
    after = { streamId: last.streamId, version: last.version };
  }
}

export async function* exportLines(
  manager: EntityManager,
  log: LogService,
  origin: string,
  exportedAt: string,
  conventionId: string | null,
): AsyncGenerator<string> {
  const line = (value: unknown) => `${JSON.stringify(value)}\n`;
  // The log is append-only with a dense index: its size now fixes the prefix exported.
  const logSize = await log.size(manager);
  const machineVersion = await highestRulesVersion(manager, conventionId, logSize);
  yield line({
    type: 'header',
    format: EXPORT_FORMAT,
    formatVersion: 1,
    origin,
    exportedAt,
    scope: conventionId ? 'convention' : 'log',
    conventionId,
    logSize,
    machineVersion,
  });
  yield line({ type: 'publicKey', algorithm: 'Ed25519', keyId: log.keyId, pem: log.publicKeyPem });
  const refs = conventionId
    ? (
        await manager
          .createQueryBuilder('events', 'e')
          .select('DISTINCT e.definition_ref', 'ref')
          .where('e.stream_id = :conventionId', { conventionId })
          .getRawMany<{ ref: string }>()
      ).map((r) => r.ref)
    : null;
  for (const definition of await manager.find(DefinitionRow, { order: { ref: 'ASC' } })) {
    if (refs && !refs.includes(definition.ref)) continue;
    yield line({ type: 'definition', ref: definition.ref, body: JSON.parse(definition.body) as unknown });
  }
  const checkpoints = (await manager.find(CheckpointRow, { order: { size: 'ASC' } })).filter(
    (c) => c.size <= logSize,
  );
  for (const checkpoint of checkpoints) yield line({ type: 'checkpoint', ...checkpoint });
  const latest = checkpoints[checkpoints.length - 1];
  // A single convention's events carry their inclusion proofs in the latest checkpoint.
  const leaves = conventionId && latest ? await log.leafHashes(manager, latest.size) : null;
  let count = 0;
  for await (const row of eventsInStreamOrder(manager, conventionId, logSize)) {
    count += 1;
    yield line(toExportedEvent(row));
    if (leaves && latest && row.sequence <= latest.size) {
      yield line({
        type: 'proof',
        sequence: row.sequence,
        checkpointSize: latest.size,
        proof: inclusionProof(leaves, row.sequence - 1, latest.size),
      });
    }
  }
  yield line({ type: 'end', events: count });
}
