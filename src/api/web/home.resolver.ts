import { UseGuards } from '@nestjs/common';
import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { localDate } from '../../machines/calendar';
import { ConventionDefinition } from '../../machines/definition';
import { AuthGuard } from '../auth.guard';
import { encodeCursor } from '../mapping';
import { localDescription, localInstant } from '../local-time';
import { Commitment } from '../commitments/commitment.model';
import { CommitmentConnection } from '../commitments/commitment-connection.model';
import { Convention } from '../conventions/convention.model';
import { Deadline } from '../deadlines/deadline.model';
import { HistoryEvent } from '../audit/history-event.model';
import { CurrentActor } from '../current-actor.decorator';
import { ConventionReader } from '../read/convention-reader';
import { DefinitionRegistry } from '../../workflows/definition-registry';
import { Actor } from '../../machines/actor';
import { cursor, isRecord, pageSize } from '../pagination';
import { RequestContext } from '../request-context';
import {
  awaitingConfirmation,
  byUrgency,
  consequenceOf,
  daysBetween,
  lastDayOf,
  urgencyOf,
} from './home-reads';
import { DeadlineConsequence } from './web.models';

/** Every commitment of a party is ranked before one page is cut: a party owns a few thousand at most. */
const PARTY_COMMITMENTS_CAP = 100_000;

function isOffsetCursor(value: unknown): value is { offset: number } {
  return (
    isRecord(value) && typeof value.offset === 'number' && Number.isInteger(value.offset) && value.offset >= 0
  );
}

function definitionOfConvention(registry: DefinitionRegistry, convention: Convention): ConventionDefinition {
  return registry.byReference(`${convention.workflowId}@${convention.workflowVersion}`)!;
}

@Resolver()
@UseGuards(AuthGuard)
export class UrgentCommitmentsResolver {
  constructor(private readonly reader: ConventionReader) {}

  @Query(() => CommitmentConnection, {
    description:
      "A party's commitments, alone or jointly, across its conventions, most urgent first: overdue, due within 30 days, later, fulfilled (latest first), then violated, waived or ended. A representative gets its own party's unless it names another (then only in the conventions it may read); auditors and admins name the party.",
  })
  async commitmentsByUrgency(
    @Args('partyId', { type: () => ID, nullable: true }) partyId: string | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @CurrentActor() actor: Actor,
  ): Promise<CommitmentConnection> {
    const size = pageSize(first);
    const offset = cursor(after, isOffsetCursor)?.offset ?? 0;
    // As `commitments(filter: { partyId })`: another party's only in the conventions the caller may read.
    const party = partyId ?? (actor.role === 'representative' ? actor.partyId : null);
    if (!party) throw new DomainError('BAD_USER_INPUT', 'partyId is required for an auditor or an admin');
    const now = this.reader.now();
    const ranked = byUrgency(
      (await this.reader.partyCommitments(actor, party, PARTY_COMMITMENTS_CAP)).map(
        ({ commitment, definition }) => {
          const zone = definition.timeZone;
          return { item: commitment, urgency: urgencyOf(commitment, localDate(now, zone), zone) };
        },
      ),
    );
    const page = ranked.slice(offset, offset + size);
    const edges = page.map((node, index) => ({ cursor: encodeCursor({ offset: offset + index + 1 }), node }));
    return {
      edges,
      totalCount: ranked.length,
      pageInfo: {
        hasNextPage: offset + size < ranked.length,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }
}

@Resolver(() => Commitment)
export class CommitmentHomeFieldsResolver {
  @ResolveField(() => [ID], {
    description: 'Owners that still have to confirm the pending fulfilment; empty once it is settled.',
  })
  awaitingConfirmationFrom(@Parent() commitment: Commitment): string[] {
    return awaitingConfirmation(commitment);
  }
}

@Resolver(() => Deadline)
export class DeadlineHomeFieldsResolver {
  constructor(
    private readonly registry: DefinitionRegistry,
    private readonly clock: Clock,
  ) {}

  @ResolveField(() => String, {
    nullable: true,
    description:
      'The last day of what it closes (the eve of `dueOn`): the last day to give notice, to mark a commitment done. Null for a deadline that marks an event day.',
  })
  async lastDay(@Parent() deadline: Deadline, @Context() ctx: RequestContext): Promise<string | null> {
    const definition = await this.definitionOf(deadline, ctx);
    return definition ? lastDayOf(deadline, definition.timeZone) : null;
  }

  @ResolveField(() => Int, {
    nullable: true,
    description:
      "Days from today (the convention's time zone, server clock) to `lastDay`, or to `dueOn` when there is no last day: 0 is today.",
  })
  async daysLeft(@Parent() deadline: Deadline, @Context() ctx: RequestContext): Promise<number | null> {
    const definition = await this.definitionOf(deadline, ctx);
    if (!definition) return null;
    const zone = definition.timeZone;
    const today = localDate(this.clock.nowIso(), zone);
    return daysBetween(today, lastDayOf(deadline, zone) ?? deadline.dueOn);
  }

  @ResolveField(() => DeadlineConsequence, {
    nullable: true,
    description: 'What happens when it passes and nobody has acted (« renouvelée tacitement le … »).',
  })
  async consequence(
    @Parent() deadline: Deadline,
    @Context() ctx: RequestContext,
  ): Promise<DeadlineConsequence | null> {
    const convention = await ctx.loaders.convention.load(deadline.conventionId);
    if (!convention) return null;
    const definition = definitionOfConvention(this.registry, convention);
    return consequenceOf(
      deadline,
      {
        status: convention.status,
        termEndsOn: convention.term?.endsOn ?? null,
        forceMajeureTermination: convention.rules.forceMajeure?.termination ?? null,
        breachTermination: convention.rules.breach?.termination ?? null,
      },
      definition.timeZone,
    );
  }

  @ResolveField(() => String, { description: localDescription('dueAt') })
  async dueAtLocal(@Parent() deadline: Deadline, @Context() ctx: RequestContext): Promise<string> {
    const definition = await this.definitionOf(deadline, ctx);
    if (!definition) throw new DomainError('NOT_FOUND', `convention ${deadline.conventionId} not found`);
    return localInstant(deadline.dueAt, definition.timeZone);
  }

  private async definitionOf(deadline: Deadline, ctx: RequestContext): Promise<ConventionDefinition | null> {
    const convention = await ctx.loaders.convention.load(deadline.conventionId);
    return convention ? definitionOfConvention(this.registry, convention) : null;
  }
}

@Resolver(() => HistoryEvent)
export class HistoryEventLocalTimeResolver {
  constructor(private readonly registry: DefinitionRegistry) {}

  @ResolveField(() => String, {
    description:
      "The time zone of the convention's definition (IANA name), in which `occurredAtLocal` is written.",
  })
  timeZone(@Parent() event: HistoryEvent): string {
    return this.zoneOf(event);
  }

  @ResolveField(() => String, {
    description:
      "`occurredAt` in the convention's time zone, ISO-8601 with its offset (2010-06-24T10:00:00+02:00).",
  })
  occurredAtLocal(@Parent() event: HistoryEvent): string {
    return localInstant(event.occurredAt, this.zoneOf(event));
  }

  private zoneOf(event: HistoryEvent): string {
    const definition = this.registry.byReference(event.definitionRef);
    if (!definition) throw new DomainError('NOT_FOUND', `definition ${event.definitionRef} is not published`);
    return definition.timeZone;
  }
}
