import { Inject, UseGuards } from '@nestjs/common';
import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import { Runtime } from '../app/runtime';
import { DomainError } from '../common/domain-error';
import { DeadlineRecord } from '../conventions/deadline-record';
import { AuthGuard } from './auth.guard';
import { DeadlineFilter } from './inputs';
import { Deadline } from './models';
import { readableByCaller } from './readable-by-caller';
import { RequestContext } from './request-context';
import { RUNTIME } from './runtime.token';

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

@Resolver()
@UseGuards(AuthGuard)
export class DeadlineResolver {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Query(() => [Deadline], {
    description: 'What is coming, earliest first: the pending deadlines of the conventions you may read.',
  })
  async deadlines(
    @Args('filter', { type: () => DeadlineFilter, nullable: true }) filter: DeadlineFilter | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
    @Context() ctx: RequestContext,
  ): Promise<Deadline[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500) {
      throw new DomainError('BAD_USER_INPUT', 'first must be between 1 and 500');
    }
    const rows = await this.runtime.deadlineRepository.upcoming(
      this.runtime.db.read,
      {
        partyId: filter?.partyId ?? undefined,
        conventionId: filter?.conventionId ?? undefined,
        before: filter?.before ?? undefined,
        readableBy: readableByCaller(this.runtime, ctx),
      },
      first,
    );
    return rows.map(toDeadline);
  }
}
