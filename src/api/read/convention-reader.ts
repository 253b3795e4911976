import { DomainError } from '../../common/domain-error';
import { UNDATED } from '../../conventions/records';
import { TransitionResult } from '../../conventions/convention.service';
import { mayRead, ReadableBy, readableBy, readableOf } from '../../conventions/read-access';
import { CommitmentRecord, ConventionRecord } from '../../conventions/records';
import { DeadlineRecord } from '../../conventions/deadline-record';
import { Actor } from '../../machines/actor';
import { AllowedActions } from '../../machines/convention.engine';
import { ConventionDefinition } from '../../machines/definition';
import { CommitmentFilter } from '../commitments/commitment-filter.input';
import { ConventionFilter } from '../conventions/convention-filter.input';
import { DeadlineFilter } from '../deadlines/deadline-filter.input';
import { commitmentFromRow, conventionFromRow, encodeCursor, toCommitmentDefinition } from '../mapping';
import { termsAfter } from '../../machines/amendments';
import { CommitmentTerms } from '../../machines/convention.context';
import { AmendmentChanges } from '../../machines/convention.events';
import { CommitmentDefinition } from '../workflows/commitment-definition.model';
import { CommitmentConnection } from '../commitments/commitment-connection.model';
import { CommitmentPayload } from '../commitments/commitment-payload.model';
import { Commitment } from '../commitments/commitment.model';
import { ConventionConnection } from '../conventions/convention-connection.model';
import { ConventionPayload } from '../conventions/convention-payload.model';
import { Convention } from '../conventions/convention.model';
import { Deadline } from '../deadlines/deadline.model';
import { cursor, isRecord, pageSize } from '../pagination';
import { Loaders } from '../request-context';
import { allowedActionsOf, createLoaders, definitionOfConvention } from './loaders';
import { definitionOf, ReadSources } from './read-sources';

function isConventionCursor(value: unknown): value is { createdAt: string; id: string } {
  return isRecord(value) && typeof value.createdAt === 'string' && typeof value.id === 'string';
}

function isCommitmentCursor(value: unknown): value is { dueOn: string; id: string } {
  return isRecord(value) && typeof value.dueOn === 'string' && typeof value.id === 'string';
}

export function toDeadline({
  conventionId,
  kind,
  subject,
  dueOn,
  dueAt,
  eventType,
}: DeadlineRecord): Deadline {
  return { conventionId, kind, subject, dueOn, dueAt, eventType };
}

function pageInfo<E extends { cursor: string }>(edges: E[], hasNextPage: boolean) {
  return { hasNextPage, endCursor: edges[edges.length - 1]?.cursor ?? null };
}

/**
 * Conventions, commitments and deadlines as the API answers them: read from the projections,
 * restricted to what the actor may read, and shaped as GraphQL objects. Mutations answer
 * through it too, from the rows their transaction left.
 */
export class ConventionReader {
  /** The terms of a convention's commitments, per convention read (one request's loader keeps it). */
  private readonly terms = new WeakMap<Convention, Record<string, CommitmentTerms>>();

  constructor(private readonly sources: ReadSources) {}

  now(): string {
    return this.sources.clock.nowIso();
  }

  definitionOf(row: Pick<ConventionRecord, 'definitionId' | 'definitionVersion'>): ConventionDefinition {
    return definitionOf(this.sources.registry, row);
  }

  /** What the lists of this actor are restricted to (undefined: the actor reads everything). */
  readableBy(actor: Actor | null): ReadableBy | undefined {
    return readableBy(actor, this.sources.registry.publicDefinitions());
  }

  allowedActions(convention: Convention, actor: Actor | null, now: string): AllowedActions | null {
    return allowedActionsOf(this.sources.registry, convention, actor, now);
  }

  loadersFor(actor: Actor | null): Loaders {
    return createLoaders(this.sources, actor);
  }

  async conventions(
    actor: Actor,
    filter: ConventionFilter | null,
    first: number | null,
    after: string | null,
  ): Promise<ConventionConnection> {
    const { conventions: repo, db } = this.sources;
    const criteria = {
      status: filter?.status ?? undefined,
      partyId: filter?.partyId ?? undefined,
      workflowId: filter?.workflowId ?? undefined,
      readableBy: this.readableBy(actor),
    };
    const [page, totalCount] = await Promise.all([
      repo.listConventions(db.read, criteria, pageSize(first), cursor(after, isConventionCursor)),
      repo.countConventions(db.read, criteria),
    ]);
    const edges = page.rows.map((row) => ({
      cursor: encodeCursor({ createdAt: row.createdAt, id: row.id }),
      node: this.convention(row),
    }));
    return { edges, totalCount, pageInfo: pageInfo(edges, page.hasNextPage) };
  }

  /** A convention the actor may read, through the request's loaders (NOT_FOUND otherwise). */
  async readable(loaders: Loaders, id: string): Promise<Convention> {
    const found = await loaders.convention.load(id);
    if (!found) throw new DomainError('NOT_FOUND', `no convention ${id}`);
    return found;
  }

  async commitments(
    actor: Actor,
    filter: CommitmentFilter | null,
    first: number | null,
    after: string | null,
  ): Promise<CommitmentConnection> {
    const { conventions: repo, db } = this.sources;
    const criteria = {
      partyId: filter?.partyId ?? undefined,
      status: filter?.status ?? undefined,
      dueBefore: filter?.dueBefore ?? undefined,
      conventionId: filter?.conventionId ?? undefined,
      readableBy: this.readableBy(actor),
    };
    const [page, totalCount] = await Promise.all([
      repo.listCommitments(db.read, criteria, pageSize(first), cursor(after, isCommitmentCursor)),
      repo.countCommitments(db.read, criteria),
    ]);
    const definitions = new Map<string, ConventionDefinition>();
    const owning = await repo.definitionRefs(db.read, [...new Set(page.rows.map((r) => r.conventionId))]);
    for (const row of owning) definitions.set(row.id, this.definitionOf(row));
    const now = this.now();
    const edges = page.rows.map((row) => ({
      cursor: encodeCursor({ dueOn: row.dueOn ?? UNDATED, id: row.id }),
      node: commitmentFromRow(definitions.get(row.conventionId)!, row, now),
    }));
    return { edges, totalCount, pageInfo: pageInfo(edges, page.hasNextPage) };
  }

  /** One answer for an unknown commitment and one of a convention the actor may not read. */
  async commitment(loaders: Loaders, id: string): Promise<Commitment> {
    const { conventions: repo, db, registry } = this.sources;
    const row = await repo.findCommitment(db.read, id);
    const convention = row && (await loaders.convention.load(row.conventionId));
    if (!row || !convention) throw new DomainError('NOT_FOUND', `no commitment ${id}`);
    return commitmentFromRow(definitionOfConvention(registry, convention), row, this.now());
  }

  /** By `id`, or the current version of `lineageId`'s commitment: exactly one of them. */
  async commitmentBy(loaders: Loaders, id: string | null, lineageId: string | null): Promise<Commitment> {
    if ((id === null) === (lineageId === null)) {
      throw new DomainError('BAD_USER_INPUT', 'give exactly one of id and lineageId');
    }
    if (id !== null) return this.commitment(loaders, id);
    return (await this.versions(loaders, lineageId as string)).at(-1) as Commitment;
  }

  /**
   * Every version of the commitment whose lineage is `lineageId`, first to current (NOT_FOUND
   * for an id that is not a lineage's, as for an unknown one).
   */
  async versions(loaders: Loaders, lineageId: string): Promise<Commitment[]> {
    const first = await this.commitment(loaders, lineageId);
    if (first.lineageId !== lineageId)
      throw new DomainError('NOT_FOUND', `no commitment lineage ${lineageId}`);
    const versions = [first];
    for (let next = first.supersededBy; next !== null; next = versions[versions.length - 1]!.supersededBy) {
      versions.push(await this.commitment(loaders, `${first.conventionId}:${next}`));
    }
    return versions;
  }

  /** The terms in force of a commitment version: its definition's, as applied amendments left them. */
  async termsOf(loaders: Loaders, commitment: Commitment): Promise<CommitmentDefinition> {
    const convention = await this.readable(loaders, commitment.conventionId);
    let terms = this.terms.get(convention);
    if (!terms) {
      const amendments = convention.amendments.map((a) => ({
        id: a.id,
        kind: a.kind,
        status: a.status,
        changes: JSON.parse(a.changes) as AmendmentChanges,
      }));
      terms = termsAfter(definitionOfConvention(this.sources.registry, convention).commitments, amendments);
      this.terms.set(convention, terms);
    }
    const found = terms[commitment.key];
    if (!found) throw new Error(`no terms of ${commitment.id} in its convention's amendments`);
    return toCommitmentDefinition(found);
  }

  async deadlines(actor: Actor, filter: DeadlineFilter | null, first: number): Promise<Deadline[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500) {
      throw new DomainError('BAD_USER_INPUT', 'first must be between 1 and 500');
    }
    const criteria = {
      partyId: filter?.partyId ?? undefined,
      conventionId: filter?.conventionId ?? undefined,
      before: filter?.before ?? undefined,
      readableBy: this.readableBy(actor),
    };
    const rows = await this.sources.deadlines.upcoming(this.sources.db.read, criteria, first);
    return rows.map(toDeadline);
  }

  /** The convention of a stored row, as of now. */
  convention(row: ConventionRecord): Convention {
    return conventionFromRow(this.definitionOf(row), row, this.now());
  }

  conventionPayload(row: ConventionRecord): ConventionPayload {
    return { convention: this.convention(row) };
  }

  /**
   * The convention and the commitment as the transition left them (read in its transaction). The
   * convention is mapped only if the answer selects it: a commitment's mutation is mostly asked for
   * the commitment, and mapping the convention's view costs some 50 µs.
   */
  commitmentPayload(result: TransitionResult): CommitmentPayload {
    const definition = this.definitionOf(result.convention);
    const now = this.now();
    let convention: Convention | undefined;
    return {
      get convention(): Convention {
        return (convention ??= conventionFromRow(definition, result.convention, now));
      },
      commitment: commitmentFromRow(definition, result.commitment!, now),
    };
  }

  /**
   * The stored row of a convention `actor` may read, every column; null for an unknown one too.
   * One plain statement: the audit's reads check access with it, then use the row.
   */
  async readableRow(actor: Actor | null, id: string): Promise<ConventionRecord | null> {
    const row = await this.sources.conventions.load(this.sources.db.read, id);
    return row && mayRead(actor, readableOf(this.definitionOf(row))) ? row : null;
  }

  async findRow(id: string): Promise<ConventionRecord | null> {
    return this.sources.conventions.load(this.sources.db.read, id);
  }

  async commitmentsOf(
    definition: ConventionDefinition,
    row: ConventionRecord,
    now: string,
  ): Promise<Commitment[]> {
    const rows: CommitmentRecord[] = await this.sources.conventions.commitmentsOf(this.sources.db.read, [
      row.id,
    ]);
    return rows.map((r) => commitmentFromRow(definition, r, now));
  }

  /** Every commitment of a party in the conventions `actor` may read, with each one's definition. */
  async partyCommitments(
    actor: Actor,
    partyId: string,
    cap: number,
  ): Promise<{ commitment: Commitment; definition: ConventionDefinition }[]> {
    const { conventions: repo, db } = this.sources;
    const { rows } = await repo.listCommitments(
      db.read,
      { partyId, readableBy: this.readableBy(actor) },
      cap,
      null,
    );
    const owning = await repo.definitionRefs(db.read, [...new Set(rows.map((r) => r.conventionId))]);
    const definitions = new Map(owning.map((row) => [row.id, this.definitionOf(row)]));
    const now = this.now();
    return rows.map((row) => {
      const definition = definitions.get(row.conventionId)!;
      return { commitment: commitmentFromRow(definition, row, now), definition };
    });
  }
}
