import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { ConventionService } from '../../conventions/convention.service';
import { Actor } from '../../machines/actor';
import { AuthGuard } from '../auth.guard';
import { CurrentActor } from '../current-actor.decorator';
import { amendmentChanges } from './amendment-changes';
import { commandOptions } from '../idempotency';
import { ProposeAmendmentInput } from './propose-amendment.input';
import { ProposeRenewalInput } from './propose-renewal.input';
import { RecordMeetingInput } from './record-meeting.input';
import { ResumeConventionInput } from './resume-convention.input';
import { SignAmendmentInput } from './sign-amendment.input';
import { SuspendConventionInput } from './suspend-convention.input';
import { TerminateConventionInput } from './terminate-convention.input';
import { WithdrawAmendmentInput } from './withdraw-amendment.input';
import { ConventionPayload } from '../conventions/convention-payload.model';
import { ConventionReader } from '../read/convention-reader';

/** Changes to a running convention: amendments (avenants), committee meetings, force majeure. */
@Resolver()
@UseGuards(AuthGuard)
export class AmendmentResolver {
  constructor(
    private readonly writer: ConventionService,
    private readonly reader: ConventionReader,
  ) {}

  @Mutation(() => ConventionPayload, {
    description:
      'Proposes an amendment (add, change or waive commitments; change term, renewal, notice or evaluation).',
  })
  async proposeAmendment(
    @Args('input') input: ProposeAmendmentInput,
    @CurrentActor() actor: Actor,
  ): Promise<ConventionPayload> {
    const row = await this.writer.proposeAmendment({
      actor,
      conventionId: input.conventionId,
      changes: amendmentChanges(input.changes),
      effectiveOn: input.effectiveOn ?? null,
      summary: input.summary,
      ...commandOptions(input),
    });
    return this.reader.conventionPayload(row);
  }

  @Mutation(() => ConventionPayload, {
    description: 'Renewal by amendment: once every signatory has signed it, the convention is RENEWED.',
  })
  async proposeRenewal(
    @Args('input') input: ProposeRenewalInput,
    @CurrentActor() actor: Actor,
  ): Promise<ConventionPayload> {
    const row = await this.writer.proposeRenewal({
      actor,
      conventionId: input.conventionId,
      summary: input.summary ?? null,
      ...commandOptions(input),
    });
    return this.reader.conventionPayload(row);
  }

  @Mutation(() => ConventionPayload, {
    description: "Signs the pending amendment for one of your party's signatories.",
  })
  async signAmendment(
    @Args('input') input: SignAmendmentInput,
    @CurrentActor() actor: Actor,
  ): Promise<ConventionPayload> {
    const row = await this.writer.signAmendment({
      actor,
      conventionId: input.conventionId,
      amendmentId: input.amendmentId,
      signatoryId: input.signatoryId,
      ...commandOptions(input),
    });
    return this.reader.conventionPayload(row);
  }

  @Mutation(() => ConventionPayload, {
    description: 'Withdraws an amendment not yet signed by every signatory.',
  })
  async withdrawAmendment(
    @Args('input') input: WithdrawAmendmentInput,
    @CurrentActor() actor: Actor,
  ): Promise<ConventionPayload> {
    const row = await this.writer.withdrawAmendment({
      actor,
      conventionId: input.conventionId,
      amendmentId: input.amendmentId,
      reason: input.reason,
      ...commandOptions(input),
    });
    return this.reader.conventionPayload(row);
  }

  @Mutation(() => ConventionPayload, {
    description:
      "Records a committee meeting; it fulfils the committee's recurring commitment for its period.",
  })
  async recordMeeting(
    @Args('input') input: RecordMeetingInput,
    @CurrentActor() actor: Actor,
  ): Promise<ConventionPayload> {
    const row = await this.writer.recordMeeting({
      actor,
      conventionId: input.conventionId,
      committee: input.committee,
      heldOn: input.heldOn,
      attendingParties: input.attendingParties,
      minutesUrl: input.minutesUrl ?? null,
      decisions: input.decisions ?? [],
      ...commandOptions(input),
    });
    return this.reader.conventionPayload(row);
  }

  @Mutation(() => ConventionPayload, {
    description: 'Suspends the convention for force majeure (when its text allows).',
  })
  async suspendConvention(
    @Args('input') input: SuspendConventionInput,
    @CurrentActor() actor: Actor,
  ): Promise<ConventionPayload> {
    const row = await this.writer.suspend({
      actor,
      conventionId: input.conventionId,
      reason: input.reason,
      ...commandOptions(input),
    });
    return this.reader.conventionPayload(row);
  }

  @Mutation(() => ConventionPayload, {
    description: 'Ends a force-majeure suspension; due dates move by its length.',
  })
  async resumeConvention(
    @Args('input') input: ResumeConventionInput,
    @CurrentActor() actor: Actor,
  ): Promise<ConventionPayload> {
    const row = await this.writer.resume({
      actor,
      conventionId: input.conventionId,
      ...commandOptions(input),
    });
    return this.reader.conventionPayload(row);
  }

  @Mutation(() => ConventionPayload, {
    description:
      "Exercises a right to terminate (Convention.terminationRight, « pourra résilier »): the convention terminates that day, for the right's cause. Only its holders may (FORBIDDEN otherwise); none open: INVALID_TRANSITION.",
  })
  async terminateConvention(
    @Args('input') input: TerminateConventionInput,
    @CurrentActor() actor: Actor,
  ): Promise<ConventionPayload> {
    const row = await this.writer.terminate({
      actor,
      conventionId: input.conventionId,
      reason: input.reason,
      ...(input.cause ? { cause: input.cause } : {}),
      ...commandOptions(input),
    });
    return this.reader.conventionPayload(row);
  }
}
