import { measureNotifications, renderNotifications } from './lib/notifications';

/** `npm run bench:notify [-- --conventions N]`: the outbox's cost per transition and the dispatch rate. */
async function main(): Promise<void> {
  const i = process.argv.indexOf('--conventions');
  const conventions = i >= 0 ? Number(process.argv[i + 1]) : 100;
  console.log(renderNotifications(await measureNotifications(conventions)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
