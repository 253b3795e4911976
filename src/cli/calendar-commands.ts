import { Command } from 'commander';
import { openRuntime } from './runtime';
import { configFromEnv } from '../config';
import { Actor } from '../machines/actor';

/** Whoever runs the CLI holds the database: they act as an admin. */
const OPERATOR: Actor = { userId: 'cli', name: 'Conventio CLI', role: 'admin', partyId: null };

/** `calendar create | list | revoke`: feeds of a party's deadlines, with the key shown once. */
export function calendarCommands(program: Command): void {
  const calendar = program
    .command('calendar')
    .description(
      'calendar feeds (GET /calendar/<key>.ics): a party’s deadlines; the key is shown once, stored hashed',
    );

  calendar
    .command('create')
    .description(
      'create a feed of a party’s deadlines and print its URL once (PUBLIC_URL, else http://HOST:PORT)',
    )
    .requiredOption('--party <partyId>', 'the party whose deadlines the feed lists')
    .option('--label <label>', 'whose calendar it is (shown in lists and in the calendar’s name)')
    .action(async (options: { party: string; label?: string }) => {
      const runtime = await openRuntime(configFromEnv());
      try {
        const { feed, url } = await runtime.calendarFeeds.create(
          OPERATOR,
          options.party,
          options.label ?? null,
        );
        console.log(`feed id: ${feed.id}`);
        console.log(`url:     ${url}`);
        console.log('The URL is shown only now: it holds the feed’s secret key.');
      } finally {
        await runtime.close();
      }
    });

  calendar
    .command('list')
    .description('list the feeds (id, party, created, revoked, label), oldest first')
    .option('--party <partyId>', 'only this party’s feeds')
    .action(async (options: { party?: string }) => {
      const runtime = await openRuntime(configFromEnv());
      try {
        let after: { createdAt: string; id: string } | null = null;
        for (;;) {
          const page = await runtime.calendarFeeds.list(OPERATOR, options.party ?? null, 500, after);
          for (const feed of page.rows) {
            const state = feed.revokedAt ? `revoked ${feed.revokedAt}` : 'active';
            console.log([feed.id, feed.partyId, feed.createdAt, state, feed.label ?? ''].join('\t'));
          }
          const last = page.rows[page.rows.length - 1];
          if (!page.hasNextPage || !last) break;
          after = { createdAt: last.createdAt, id: last.id };
        }
      } finally {
        await runtime.close();
      }
    });

  calendar
    .command('revoke')
    .description('revoke a feed by id; its URL answers 404 at once')
    .argument('<id>', 'feed id')
    .action(async (id: string) => {
      const runtime = await openRuntime(configFromEnv());
      try {
        await runtime.calendarFeeds.revoke(OPERATOR, id);
        console.log(`calendar feed ${id} revoked`);
      } finally {
        await runtime.close();
      }
    });
}
