import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Clock } from '../../common/clock';
import { ClockControl } from '../../scheduler/clock-control';
import { Actor } from '../../machines/actor';
import { AuthGuard } from '../auth.guard';
import { CurrentActor } from '../current-actor.decorator';
import { commandOptions } from '../idempotency';
import { AdvanceClockInput } from './advance-clock.input';
import { AdvanceClockPayload } from './advance-clock-payload.model';
import { toDeadline } from '../read/convention-reader';

@Resolver()
@UseGuards(AuthGuard)
export class ClockResolver {
  constructor(
    private readonly clockControl: ClockControl,
    private readonly clock: Clock,
  ) {}

  @Query(() => String, {
    description: "The server's current instant (the manual clock's, when CLOCK=manual).",
  })
  now(): string {
    return this.clock.nowIso();
  }

  @Mutation(() => AdvanceClockPayload, {
    description: 'Admin, CLOCK=manual only: moves time forward and fires every deadline due on the way.',
  })
  async advanceClock(
    @Args('input') input: AdvanceClockInput,
    @CurrentActor() actor: Actor,
  ): Promise<AdvanceClockPayload> {
    const fired = await this.clockControl.advanceClock({ actor, to: input.to, ...commandOptions(input) });
    return { now: this.clock.nowIso(), fired: fired.map(toDeadline) };
  }
}
