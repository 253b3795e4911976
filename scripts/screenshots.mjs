/* global URL, window */
// `npm run screenshots`: regenerates the web workspace's pictures in docs/ (home, a convention, the
// notice preview, the auditor's timeline) from the real server on a fresh temporary store, with
// the HALDE–AMF convention signed and one commitment done, in Chromium.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import serverLib from '../dist/bench/lib/server.js';
import clientLib from '../dist/bench/lib/client.js';
import chromiumLib from '../dist/test/browser/chromium.js';

const { ServerProcess, createToken } = serverLib;
const { GraphQLClient } = clientLib;
const { launchChromium } = chromiumLib;
const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs');

const dir = mkdtempSync(join(tmpdir(), 'conventio-screenshots-'));
const { server } = await ServerProcess.start(dir, null, [], {
  CLOCK: 'manual',
  CLOCK_START: '2010-06-20T08:00:00Z',
});
const browser = await launchChromium();
try {
  const [admin, auditor, halde, amf] = [
    await createToken(dir, 'admin', 'Administrateur'),
    await createToken(dir, 'auditor', 'Cour des comptes'),
    await createToken(dir, 'representative', 'Jeannette Bougrab', 'halde'),
    await createToken(dir, 'representative', 'Jacques Pélissard', 'amf'),
  ];
  const client = new GraphQLClient(server.url);
  const advance = (to) =>
    client.ok(admin, 'mutation($to: String!) { advanceClock(input: { to: $to }) { now } }', { to });
  const created = await client.ok(
    admin,
    'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
  );
  const id = created.createConvention.convention.id;
  await advance('2010-06-24T09:00:00Z');
  const sign = 'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { id } } }';
  await client.ok(amf, sign, { id });
  await client.ok(halde, sign, { id });
  await advance('2010-07-15T09:00:00Z');
  await client.ok(
    amf,
    `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Lettre aux maires de juillet",
      evidenceUrl: "https://example.org/lettre-aux-maires-2010-07" }) { commitment { status } } }`,
    { c: `${id}:amf-relays-information` },
  );
  await advance('2010-09-01T09:00:00Z');

  const origin = new URL(server.url).origin;
  const open = async (token) => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.getByLabel('Jeton d’accès').fill(token);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    return page;
  };
  mkdirSync(DOCS, { recursive: true });

  const page = await open(amf);
  await page.locator('[data-group="fulfilled"]').waitFor();
  await page.screenshot({ path: join(DOCS, 'web-home.png'), fullPage: true });

  await page.goto(`${origin}/conventions/${id}`);
  await page.getByTestId('diagram').waitFor();
  await page.screenshot({ path: join(DOCS, 'web-convention.png'), fullPage: true });

  await page.getByTestId('give-notice').click();
  await page.getByLabel('Motif').fill('Fin du partenariat à l’échéance');
  await page.getByRole('button', { name: 'Voir la date de fin' }).click();
  await page.getByTestId('action-preview').getByText('prendra fin').waitFor();
  await page.getByRole('heading', { name: 'Actions' }).scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -120));
  await page.screenshot({ path: join(DOCS, 'web-notice-preview.png') });

  const audit = await open(auditor);
  await audit.goto(`${origin}/conventions/${id}/audit`);
  await audit.getByRole('button', { name: 'Vérifier' }).click();
  await audit.getByTestId('verification').getByText('Historique intact').waitFor();
  await audit.screenshot({ path: join(DOCS, 'web-audit-timeline.png'), fullPage: true });
  console.log(
    `docs/web-home.png, web-convention.png, web-notice-preview.png, web-audit-timeline.png written`,
  );
} finally {
  await browser.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
