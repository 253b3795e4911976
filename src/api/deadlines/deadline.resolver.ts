import { UseGuards } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '../../machines/actor';
import { AuthGuard } from '../auth.guard';
import { CurrentActor } from '../current-actor.decorator';
import { DeadlineFilter } from './deadline-filter.input';
import { Deadline } from './deadline.model';
import { ConventionReader } from '../read/convention-reader';

@Resolver()
@UseGuards(AuthGuard)
export class DeadlineResolver {
  constructor(private readonly reader: ConventionReader) {}

  @Query(() => [Deadline], {
    description: 'What is coming, earliest first: the pending deadlines of the conventions you may read.',
  })
  async deadlines(
    @Args('filter', { type: () => DeadlineFilter, nullable: true }) filter: DeadlineFilter | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
    @CurrentActor() actor: Actor,
  ): Promise<Deadline[]> {
    return this.reader.deadlines(actor, filter, first);
  }
}
