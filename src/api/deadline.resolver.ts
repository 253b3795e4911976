import { Inject, UseGuards } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Runtime } from '../app/runtime';
import { DomainError } from '../common/domain-error';
import { DeadlineRow } from '../database/entities';
import { AuthGuard } from './auth.guard';
import { DeadlineFilter } from './inputs';
import { Deadline } from './models';
import { RUNTIME } from './runtime.token';

export function toDeadline({ conventionId, kind, subject, dueOn, dueAt, eventType }: DeadlineRow): Deadline {
  return { conventionId, kind, subject, dueOn, dueAt, eventType };
}

@Resolver()
@UseGuards(AuthGuard)
export class DeadlineResolver {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Query(() => [Deadline], {
    description: 'What is coming, earliest first: the pending deadlines of the conventions.',
  })
  async deadlines(
    @Args('filter', { type: () => DeadlineFilter, nullable: true }) filter: DeadlineFilter | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
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
      },
      first,
    );
    return rows.map(toDeadline);
  }
}
