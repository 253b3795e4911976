import { measureWebPage, renderWebPage } from './lib/web-page';

/**
 * `npm run bench:web [-- --quick]`: the web workspace's first-page weight and the time to draw the
 * home page of a party with 1,000 commitments (also part of `npm run bench`).
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  console.log(renderWebPage(await measureWebPage(250, quick ? 3 : 7)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
