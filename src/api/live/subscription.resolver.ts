import { UseGuards } from '@nestjs/common';
import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import { Actor } from '../../machines/actor';
import { AuthGuard } from '../auth.guard';
import { ChangeStream } from '../change-stream';
import { CurrentActor } from '../current-actor.decorator';
import { Commitment } from '../commitments/commitment.model';
import { Convention } from '../conventions/convention.model';
import { Delivery } from './live-reads';
import { delivered, LiveUpdates } from './live-updates';

/** Live updates over graphql-ws on `/graphql`; the token goes in `connectionParams.authorization`. */
@Resolver()
@UseGuards(AuthGuard)
export class SubscriptionResolver {
  constructor(private readonly live: LiveUpdates) {}

  @Subscription(() => Convention, {
    nullable: true,
    resolve: delivered,
    description:
      'The convention, read after the commit, each time a write to it commits (a mutation or a deadline the ' +
      'scheduler fired); writes in quick succession may arrive as one delivery of the latest version. ' +
      'Whoever may read the convention follows it: auditors and admins any, a representative those its party ' +
      'is a party to and public ones; NOT_FOUND otherwise, as for an unknown id. A revoked token ends the ' +
      'subscription (UNAUTHENTICATED).',
  })
  conventionChanged(
    @Args('id', { type: () => ID }) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ChangeStream<Delivery<Convention>>> {
    return this.live.convention(actor, id);
  }

  @Subscription(() => Commitment, {
    nullable: true,
    resolve: delivered,
    description:
      'Each commitment owned by `partyId`, alone or jointly, whose state changed in a committed write, read ' +
      'after the commit. Auditors and admins receive them all. A representative may name any party but ' +
      "receives only commitments of conventions it may read (so another party's commitments only in the " +
      'conventions both are in, and in public ones): filtered, not refused. NOT_FOUND for a party no ' +
      'definition names. ' +
      'A revoked token ends the subscription (UNAUTHENTICATED).',
  })
  commitmentChanged(
    @Args('partyId', { type: () => ID }) partyId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ChangeStream<Delivery<Commitment>>> {
    return this.live.commitments(actor, partyId);
  }
}
