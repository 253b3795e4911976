import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CalendarFeedRow } from '../../database/calendar-feed.entity';
import { CalendarFeedService } from '../../calendar/calendar-feed.service';
import { Actor } from '../../machines/actor';
import { AuthGuard } from '../auth.guard';
import { CurrentActor } from '../current-actor.decorator';
import { CalendarFeedConnection } from './calendar-feed-connection.model';
import { CalendarFeed } from './calendar-feed.model';
import { CreateCalendarFeedPayload } from './create-calendar-feed-payload.model';
import { CreateCalendarFeedInput } from './create-calendar-feed.input';
import { RevokeCalendarFeedPayload } from './revoke-calendar-feed-payload.model';
import { RevokeCalendarFeedInput } from './revoke-calendar-feed.input';
import { encodeCursor } from '../mapping';
import { cursor, isRecord, pageSize } from '../pagination';

function toCalendarFeed({ id, partyId, label, createdAt, revokedAt }: CalendarFeedRow): CalendarFeed {
  return { id, partyId, label, createdAt, revokedAt };
}

function isFeedCursor(value: unknown): value is { createdAt: string; id: string } {
  return isRecord(value) && typeof value.createdAt === 'string' && typeof value.id === 'string';
}

/** Calendar feeds, for admins. */
@Resolver()
@UseGuards(AuthGuard)
export class CalendarFeedResolver {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Query(() => CalendarFeedConnection, {
    description: 'Admin: the calendar feeds (of one party), oldest first, revoked ones included.',
  })
  async calendarFeeds(
    @Args('partyId', { type: () => ID, nullable: true }) partyId: string | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @CurrentActor() actor: Actor,
  ): Promise<CalendarFeedConnection> {
    const page = await this.feeds.list(actor, partyId, pageSize(first), cursor(after, isFeedCursor));
    const edges = page.rows.map((row) => ({
      cursor: encodeCursor({ createdAt: row.createdAt, id: row.id }),
      node: toCalendarFeed(row),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges[edges.length - 1]?.cursor ?? null },
    };
  }

  @Mutation(() => CreateCalendarFeedPayload, {
    description: "Admin: a new feed of a party's deadlines; its URL (with the secret key) is answered once.",
  })
  async createCalendarFeed(
    @Args('input') input: CreateCalendarFeedInput,
    @CurrentActor() actor: Actor,
  ): Promise<CreateCalendarFeedPayload> {
    const created = await this.feeds.create(actor, input.partyId, input.label ?? null);
    return { feed: toCalendarFeed(created.feed), url: created.url };
  }

  @Mutation(() => RevokeCalendarFeedPayload, {
    description: 'Admin: ends a feed; its URL answers 404 from now on.',
  })
  async revokeCalendarFeed(
    @Args('input') input: RevokeCalendarFeedInput,
    @CurrentActor() actor: Actor,
  ): Promise<RevokeCalendarFeedPayload> {
    return { feed: toCalendarFeed(await this.feeds.revoke(actor, input.id)) };
  }
}
