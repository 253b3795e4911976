import { EntityManager, LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Database } from '../database/database';
import { CheckpointRow, EventRow } from '../database/entities';
import { AuditKey } from './audit-key';
import { Checkpoint, signCheckpoint, verifyCheckpointSignature } from './checkpoint';
import { consistencyProof, inclusionProof, MerkleAccumulator, merkleRoot } from './merkle';

export interface LogFailure {
  logIndex: number | null;
  reason: string;
}

/**
 * The global log: every event, in commit order, is leaf `sequence - 1` of an RFC 6962 Merkle
 * tree. Checkpoints sign its root at a size; proofs show an event is in a checkpoint and that
 * a checkpoint extends an older one.
 */
export class LogService {
  constructor(
    private readonly db: Database,
    private readonly key: AuditKey,
    private readonly clock: Clock,
    private readonly origin: string,
  ) {}

  get publicKeyPem(): string {
    return this.key.publicKeyPem;
  }

  get keyId(): string {
    return this.key.keyId;
  }

  /**
   * Refuses to run with a signing key other than the one the store's checkpoints were signed
   * with: every instance of a deployment must be given the same key file.
   */
  async assertSigningKey(): Promise<void> {
    const latest = await this.latest();
    if (latest && latest.keyId !== this.key.keyId) {
      throw new Error(
        `the checkpoints of this database are signed with key ${latest.keyId}, but AUDIT_KEY_PATH holds key ` +
          `${this.key.keyId}: give every instance the same audit key file`,
      );
    }
  }

  /** Event hashes of the first `size` log entries (all when size is omitted), in log order. */
  async leafHashes(manager: EntityManager, size?: number): Promise<string[]> {
    const rows = await manager.find(EventRow, {
      select: { sequence: true, hash: true },
      order: { sequence: 'ASC' },
      ...(size === undefined ? {} : { take: size }),
    });
    return rows.map((r) => r.hash);
  }

  /** The log's length: its highest index + 1 (a hole left by a deleted event still counts). */
  async size(manager: EntityManager): Promise<number> {
    const row = await manager
      .createQueryBuilder(EventRow, 'e')
      .select('MAX(e.sequence)', 'size')
      .getRawOne<{ size: number | null }>();
    return Number(row?.size ?? 0);
  }

  /** Signs the current log head; returns the existing checkpoint when the log has not grown. */
  async publishCheckpoint(): Promise<Checkpoint> {
    return this.db.write(async (manager) => {
      const hashes = await this.leafHashes(manager);
      const existing = await manager.findOneBy(CheckpointRow, { size: hashes.length });
      if (existing) return existing;
      // Never sign a log that no longer extends what was signed before.
      const latest = await manager.findOne(CheckpointRow, { where: {}, order: { size: 'DESC' } });
      if (
        latest &&
        (hashes.length < latest.size || merkleRoot(hashes.slice(0, latest.size)) !== latest.root)
      ) {
        throw new DomainError(
          'CONFLICT',
          `the log does not extend checkpoint ${latest.size}: refusing to sign it (run verifyHistory)`,
        );
      }
      const checkpoint = signCheckpoint(
        { origin: this.origin, size: hashes.length, root: merkleRoot(hashes), issuedAt: this.clock.nowIso() },
        this.key.privateKey,
        this.key.publicKey,
      );
      // Another instance may sign the same size at the same moment: the first stored stands.
      await manager.createQueryBuilder().insert().into(CheckpointRow).values(checkpoint).orIgnore().execute();
      return (await manager.findOneBy(CheckpointRow, { size: checkpoint.size })) ?? checkpoint;
    });
  }

  /** Publishes a checkpoint if events were appended since the latest one. */
  async publishIfGrown(): Promise<Checkpoint | null> {
    const [latest, size] = await Promise.all([this.latest(), this.size(this.db.read)]);
    if (latest && latest.size === size) return null;
    return this.publishCheckpoint();
  }

  async latest(): Promise<Checkpoint | null> {
    return this.db.read.findOne(CheckpointRow, { where: {}, order: { size: 'DESC' } });
  }

  async checkpoints(
    first: number,
    beforeSize: number | null,
  ): Promise<{ rows: Checkpoint[]; hasNextPage: boolean }> {
    const rows = await this.db.read.find(CheckpointRow, {
      where: beforeSize === null ? {} : { size: LessThan(beforeSize) },
      order: { size: 'DESC' },
      take: first + 1,
    });
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  async countCheckpoints(): Promise<number> {
    return this.db.read.count(CheckpointRow);
  }

  async checkpointAt(size: number): Promise<Checkpoint> {
    const found = await this.db.read.findOneBy(CheckpointRow, { size });
    if (!found) throw new DomainError('NOT_FOUND', `no checkpoint of size ${size}`);
    return found;
  }

  async eventProof(conventionId: string, version: number, checkpointSize: number) {
    const checkpoint = await this.checkpointAt(checkpointSize);
    const event = await this.db.read.findOneBy(EventRow, { streamId: conventionId, version });
    if (!event) throw new DomainError('NOT_FOUND', `no event ${version} in convention ${conventionId}`);
    const logIndex = event.sequence - 1;
    if (logIndex >= checkpoint.size) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `event ${version} (log index ${logIndex}) is not in checkpoint ${checkpoint.size}`,
      );
    }
    const hashes = await this.leafHashes(this.db.read, checkpoint.size);
    return {
      logIndex,
      leafHash: event.hash,
      checkpoint,
      proof: inclusionProof(hashes, logIndex, checkpoint.size),
    };
  }

  async consistencyProof(fromSize: number, toSize: number) {
    const size = await this.size(this.db.read);
    if (
      !Number.isInteger(fromSize) ||
      !Number.isInteger(toSize) ||
      fromSize < 0 ||
      fromSize > toSize ||
      toSize > size
    ) {
      throw new DomainError('BAD_USER_INPUT', `need 0 ≤ fromSize ≤ toSize ≤ ${size} (the log size)`);
    }
    const hashes = await this.leafHashes(this.db.read, toSize);
    return {
      fromSize,
      toSize,
      fromRoot: merkleRoot(hashes.slice(0, fromSize)),
      toRoot: merkleRoot(hashes),
      proof: consistencyProof(hashes, fromSize, toSize),
    };
  }

  /**
   * Checks the stored log against its signed checkpoints: the log index is dense, every
   * checkpoint's signature holds, and the prefix of each checkpoint's size has its root.
   * Catches what a per-convention hash chain cannot: a rewritten log or a cut-off tail.
   */
  async verifyAgainstCheckpoints(): Promise<LogFailure | null> {
    const rows = await this.db.read.find(EventRow, {
      select: { sequence: true, hash: true },
      order: { sequence: 'ASC' },
    });
    for (const [index, row] of rows.entries()) {
      if (row.sequence !== index + 1) {
        return { logIndex: index, reason: `log index ${index} is missing (found sequence ${row.sequence})` };
      }
    }
    const checkpoints = await this.db.read.find(CheckpointRow, { order: { size: 'ASC' } });
    // One pass: the accumulator yields the root of every prefix as the log is read.
    const tree = new MerkleAccumulator();
    for (const checkpoint of checkpoints) {
      if (!verifyCheckpointSignature(checkpoint, this.key.publicKey)) {
        return { logIndex: null, reason: `checkpoint ${checkpoint.size} has an invalid signature` };
      }
      if (checkpoint.size > rows.length) {
        return {
          logIndex: rows.length,
          reason: `log has ${rows.length} events but checkpoint ${checkpoint.size} was signed: its tail was removed`,
        };
      }
      while (tree.size < checkpoint.size) tree.append((rows[tree.size] as EventRow).hash);
      if (tree.root() !== checkpoint.root) {
        return {
          logIndex: null,
          reason: `the first ${checkpoint.size} events no longer match signed checkpoint ${checkpoint.size}: the log was rewritten`,
        };
      }
    }
    return null;
  }
}
