import { UseGuards } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Checkpoint as CheckpointData, checkpointText, formatCheckpointFile } from '../../audit/checkpoint';
import { LogService } from '../../audit/log.service';
import { DomainError } from '../../common/domain-error';
import { Actor } from '../../machines/actor';
import { AuthGuard } from '../auth.guard';
import { CurrentActor } from '../current-actor.decorator';
import { encodeCursor } from '../mapping';
import { AuditKey } from './audit-key.model';
import { CheckpointConnection } from './checkpoint-connection.model';
import { Checkpoint } from './checkpoint.model';
import { ConsistencyProof } from './consistency-proof.model';
import { EventProof } from './event-proof.model';
import { cursor, isRecord, pageSize } from '../pagination';
import { ConventionReader } from '../read/convention-reader';
import { RequestContext } from '../request-context';

function toCheckpoint(checkpoint: CheckpointData): Checkpoint {
  const { origin, size, root, issuedAt, keyId, signature } = checkpoint;
  return {
    origin,
    size,
    root,
    issuedAt,
    keyId,
    signature,
    signedText: checkpointText(checkpoint),
    file: formatCheckpointFile(checkpoint),
  };
}

function isCheckpointCursor(value: unknown): value is { size: number } {
  return isRecord(value) && typeof value.size === 'number';
}

/** Tamper evidence: signed checkpoints of the whole log, and proofs against them. */
@Resolver()
@UseGuards(AuthGuard)
export class LogResolver {
  constructor(
    private readonly log: LogService,
    private readonly reader: ConventionReader,
  ) {}

  @Query(() => AuditKey, { description: 'The public key that verifies checkpoints.' })
  auditKey(): AuditKey {
    return {
      algorithm: 'Ed25519',
      keyId: this.log.keyId,
      publicKeyPem: this.log.publicKeyPem,
    };
  }

  @Query(() => Checkpoint, { nullable: true, description: 'The newest checkpoint, if any was published.' })
  async latestCheckpoint(): Promise<Checkpoint | null> {
    const latest = await this.log.latest();
    return latest && toCheckpoint(latest);
  }

  @Query(() => CheckpointConnection, { description: 'Published checkpoints, newest first.' })
  async checkpoints(
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CheckpointConnection> {
    const before = cursor(after, isCheckpointCursor)?.size ?? null;
    const [page, totalCount] = await Promise.all([
      this.log.checkpoints(pageSize(first), before),
      this.log.countCheckpoints(),
    ]);
    const edges = page.rows.map((c) => ({ cursor: encodeCursor({ size: c.size }), node: toCheckpoint(c) }));
    return {
      edges,
      totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges[edges.length - 1]?.cursor ?? null },
    };
  }

  @Mutation(() => Checkpoint, { description: 'Admin: signs a checkpoint of the log as it stands now.' })
  async publishCheckpoint(@CurrentActor() actor: Actor): Promise<Checkpoint> {
    if (actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'only an admin may publish a checkpoint');
    return toCheckpoint(await this.log.publishCheckpoint());
  }

  @Query(() => EventProof, {
    description: 'Inclusion proof of one event of a convention in a published checkpoint.',
  })
  async eventProof(
    @Args('conventionId', { type: () => ID }) conventionId: string,
    @Args('version', { type: () => Int }) version: number,
    @Args('checkpointSize', { type: () => Int }) checkpointSize: number,
    @Context() ctx: RequestContext,
  ): Promise<EventProof> {
    await this.reader.readable(ctx.loaders, conventionId);
    const result = await this.log.eventProof(conventionId, version, checkpointSize);
    return { ...result, checkpoint: toCheckpoint(result.checkpoint) };
  }

  @Query(() => ConsistencyProof, {
    description: 'Proof that an older log (fromSize) is a prefix of a newer one.',
  })
  async consistencyProof(
    @Args('fromSize', { type: () => Int }) fromSize: number,
    @Args('toSize', { type: () => Int }) toSize: number,
  ): Promise<ConsistencyProof> {
    return this.log.consistencyProof(fromSize, toSize);
  }
}
