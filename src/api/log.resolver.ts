import { Inject, UseGuards } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Runtime } from '../app/runtime';
import { Checkpoint as CheckpointData, checkpointText, formatCheckpointFile } from '../audit/checkpoint';
import { DomainError } from '../common/domain-error';
import { AuthGuard } from './auth.guard';
import { encodeCursor } from './mapping';
import { AuditKey, Checkpoint, CheckpointConnection, ConsistencyProof, EventProof } from './models';
import { cursor, isRecord, pageSize } from './pagination';
import { RequestContext } from './request-context';
import { RUNTIME } from './runtime.token';

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
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Query(() => AuditKey, { description: 'The public key that verifies checkpoints.' })
  auditKey(): AuditKey {
    return {
      algorithm: 'Ed25519',
      keyId: this.runtime.log.keyId,
      publicKeyPem: this.runtime.log.publicKeyPem,
    };
  }

  @Query(() => Checkpoint, { nullable: true, description: 'The newest checkpoint, if any was published.' })
  async latestCheckpoint(): Promise<Checkpoint | null> {
    const latest = await this.runtime.log.latest();
    return latest && toCheckpoint(latest);
  }

  @Query(() => CheckpointConnection, { description: 'Published checkpoints, newest first.' })
  async checkpoints(
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CheckpointConnection> {
    const before = cursor(after, isCheckpointCursor)?.size ?? null;
    const [page, totalCount] = await Promise.all([
      this.runtime.log.checkpoints(pageSize(first), before),
      this.runtime.log.countCheckpoints(),
    ]);
    const edges = page.rows.map((c) => ({ cursor: encodeCursor({ size: c.size }), node: toCheckpoint(c) }));
    return {
      edges,
      totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges[edges.length - 1]?.cursor ?? null },
    };
  }

  @Mutation(() => Checkpoint, { description: 'Admin: signs a checkpoint of the log as it stands now.' })
  async publishCheckpoint(@Context() ctx: RequestContext): Promise<Checkpoint> {
    if (ctx.actor!.role !== 'admin')
      throw new DomainError('FORBIDDEN', 'only an admin may publish a checkpoint');
    return toCheckpoint(await this.runtime.log.publishCheckpoint());
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
    if (!(await ctx.loaders.convention.load(conventionId))) {
      throw new DomainError('NOT_FOUND', `no convention ${conventionId}`);
    }
    const result = await this.runtime.log.eventProof(conventionId, version, checkpointSize);
    return { ...result, checkpoint: toCheckpoint(result.checkpoint) };
  }

  @Query(() => ConsistencyProof, {
    description: 'Proof that an older log (fromSize) is a prefix of a newer one.',
  })
  async consistencyProof(
    @Args('fromSize', { type: () => Int }) fromSize: number,
    @Args('toSize', { type: () => Int }) toSize: number,
  ): Promise<ConsistencyProof> {
    return this.runtime.log.consistencyProof(fromSize, toSize);
  }
}
