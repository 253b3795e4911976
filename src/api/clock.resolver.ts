import { Inject, UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Runtime } from '../app/runtime';
import { AuthGuard } from './auth.guard';
import { commandOptions } from './idempotency';
import { AdvanceClockInput } from './inputs';
import { AdvanceClockPayload } from './models';
import { RequestContext } from './request-context';
import { RUNTIME } from './runtime.token';

@Resolver()
@UseGuards(AuthGuard)
export class ClockResolver {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Query(() => String, {
    description: "The server's current instant (the manual clock's, when CLOCK=manual).",
  })
  now(): string {
    return this.runtime.clock.nowIso();
  }

  @Mutation(() => AdvanceClockPayload, {
    description: 'Admin, CLOCK=manual only: moves time forward and fires every deadline due on the way.',
  })
  async advanceClock(
    @Args('input') input: AdvanceClockInput,
    @Context() ctx: RequestContext,
  ): Promise<AdvanceClockPayload> {
    const fired = await this.runtime.clockControl.advanceClock({
      actor: ctx.actor!,
      to: input.to,
      ...commandOptions(input),
    });
    return {
      now: this.runtime.clock.nowIso(),
      fired: fired.map(({ conventionId, kind, subject, dueOn, dueAt, eventType }) => ({
        conventionId,
        kind,
        subject,
        dueOn,
        dueAt,
        eventType,
      })),
    };
  }
}
