/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ConventioProcess } from '../support/conventio-process';
import { launchChromium, seriousViolations } from './chromium';

/**
 * The HALDE–AMF convention through the web workspace: the real server on a temporary SQLite file
 * with a manual clock, serving the built page; each person in their own browser context.
 */
describe('web workspace (HALDE–AMF, Chromium)', () => {
  let server: ConventioProcess;
  let browser: Browser;
  let origin: string;
  let tokens: { admin: string; auditor: string; halde: string; amf: string };
  let conventionId: string;
  const contexts: BrowserContext[] = [];
  const visited: string[] = [];

  /** axe-core on the page as it is: no violation of serious or critical impact. */
  const expectAccessible = async (page: Page, name: string) => {
    visited.push(name);
    expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
  };

  const signIn = async (token: string): Promise<Page> => {
    const context = await browser.newContext({
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.getByLabel('Jeton d’accès').fill(token);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    return page;
  };

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2010-06-20T08:00:00Z' });
    browser = await launchChromium();
    origin = new URL(server.url).origin;
    tokens = await server.haldeAmfTokens();
    const created = await server.ok<{ createConvention: { convention: { id: string } } }>(
      tokens.admin,
      'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
    );
    conventionId = created.createConvention.convention.id;
    await server.advance(tokens.admin, '2010-06-24T09:00:00Z');
    await server.ok(
      tokens.amf,
      'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { id } } }',
      {
        id: conventionId,
      },
    );
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.dispose();
  });

  it('serves the page at / and its client routes, and keeps the server paths', async () => {
    const home = await fetch(`${origin}/conventions/anything`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    expect(await home.text()).toContain('<div id="root">');
    expect((await fetch(`${origin}/health/live`)).status).toBe(200);
    expect((await fetch(`${origin}/auth/nothing-here`)).status).toBe(404);
    expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(404);
    // The page's scripts go out compressed (web:build writes the copies), uncompressed on request.
    const html = await (await fetch(`${origin}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const compressed = await fetch(`${origin}${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(compressed.headers.get('content-encoding')).toBe('br');
    const plain = await fetch(`${origin}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((await plain.text()).length).toBeGreaterThan(
      Number(compressed.headers.get('content-length') ?? 0),
    );
  });

  it('lets each party act on its own commitments and shows the other party’s action live', async () => {
    const halde = await signIn(tokens.halde);
    await expectAccessible(halde, 'home (HALDE)');
    await halde.getByRole('heading', { name: 'Mes engagements' }).waitFor();

    // HALDE signs in the page: the convention comes into force.
    await halde.goto(`${origin}/conventions/${conventionId}`);
    await halde.getByRole('button', { name: 'Signer la convention' }).click();
    await halde.getByRole('button', { name: 'Confirmer' }).click();
    await expect(halde.getByTestId('convention-status')).toHaveTextLater('En vigueur');

    const amf = await signIn(tokens.amf);
    await amf.goto(`${origin}/conventions/${conventionId}`);
    await amf.getByTestId('convention-status').waitFor();
    await expectAccessible(amf, 'convention (AMF)');

    // HALDE sees no button for the AMF's commitments, and a forged request with its cookie is refused.
    expect(await halde.getByTestId('actions-amf-relays-information').getByRole('button').count()).toBe(0);
    expect(await halde.getByTestId('mark-done-amf-joins-halde-working-groups').count()).toBe(0);
    const forged = await halde.evaluate(async (commitmentId) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
        body: JSON.stringify({
          query:
            'mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c }) { commitment { status } } }',
          variables: { c: commitmentId },
        }),
      });
      return (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    }, `${conventionId}:amf-joins-halde-working-groups`);
    expect(forged.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // AMF marks its commitment done with evidence; HALDE's page shows it without reloading.
    await amf.getByTestId('mark-done-amf-relays-information').click();
    await amf.getByLabel('Note').fill('Relais dans la lettre aux maires de juillet');
    await amf.getByLabel('Lien vers le justificatif').fill('https://example.org/lettre-aux-maires-2010-07');
    await amf.keyboard.press('Enter');
    await expect(amf.getByTestId('status-amf-relays-information')).toHaveTextLater('Réalisé');
    await expect(halde.getByTestId('status-amf-relays-information')).toHaveTextLater('Réalisé');
    await halde.getByRole('link', { name: 'Justificatif' }).first().waitFor();
    await expectAccessible(halde, 'convention after AMF’s action (HALDE)');

    // A keyboard-only action: the form opens with the focus in its first field, Escape closes it.
    await amf.getByTestId('give-notice').focus();
    // The page moves the focus after React has drawn the change (an effect, a timeout): wait for
    // it, up to 5 s, rather than read it at once (a loaded machine draws later).
    const focusLands = (check: string, arg: string) =>
      amf.waitForFunction(
        ([how, expected]) =>
          how === 'tag'
            ? document.activeElement?.tagName === expected
            : document.activeElement?.getAttribute('data-testid') === expected,
        [check, arg] as const,
        { timeout: 5_000 },
      );
    await amf.keyboard.press('Enter');
    await focusLands('tag', 'TEXTAREA');
    expect(await amf.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await amf.keyboard.press('Escape');
    await focusLands('testid', 'give-notice');
    expect(await amf.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('give-notice');

    // Notice: the preview shows the date the machine computes before anything is written.
    await server.advance(tokens.admin, '2010-09-01T10:00:00Z');
    await amf.getByTestId('give-notice').click();
    await amf.getByLabel('Motif').fill('Fin du partenariat');
    await amf.getByRole('button', { name: 'Voir la date de fin' }).click();
    const preview = amf.getByTestId('action-preview');
    await expect(preview).toHaveTextLater('1 décembre 2010');
    await expectAccessible(amf, 'notice preview (AMF)');
    await amf.getByRole('button', { name: 'Confirmer' }).click();
    await expect(amf.getByTestId('termination-date')).toHaveTextLater('1 décembre 2010');
  });

  it('lets the auditor verify the history, see the past and download the export', async () => {
    const auditor = await signIn(tokens.auditor);
    await auditor.getByRole('heading', { name: 'Toutes les conventions' }).waitFor();
    await expectAccessible(auditor, 'conventions (auditor)');
    await auditor.goto(`${origin}/conventions/${conventionId}/audit`);
    await auditor.getByRole('heading', { name: 'Historique' }).waitFor();
    await auditor.getByRole('button', { name: 'Vérifier' }).click();
    await expect(auditor.getByTestId('verification')).toHaveTextLater('Historique intact');

    await auditor.getByLabel('Date').fill('2010-06-25');
    await auditor.getByRole('button', { name: 'Afficher' }).click();
    await expect(auditor.getByTestId('convention-at')).toHaveTextLater('En vigueur');
    await expectAccessible(auditor, 'audit (auditor)');

    const [download] = await Promise.all([
      auditor.waitForEvent('download'),
      auditor.getByRole('link', { name: 'Exporter l’historique' }).click(),
    ]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.some((line) => line.includes(conventionId))).toBe(true);
    expect(visited).toHaveLength(6);

    // English by a switch: the same page, its words and dates in English.
    await auditor.getByRole('button', { name: 'English' }).click();
    await auditor.getByRole('heading', { name: 'Timeline' }).waitFor();
    await expect(auditor.locator('html')).toHaveAttributeLater('lang', 'en');
  });

  it('keeps the secret out of the page, and sends a signed-out or revoked session back to sign-in', async () => {
    const { id, secret } = await server.issueToken('representative', 'Suppléant AMF', 'amf');
    const page = await signIn(secret);
    const kept = await page.evaluate(() => [
      document.cookie,
      ...Object.values(localStorage),
      ...Object.values(sessionStorage),
    ]);
    expect(kept.some((value) => value.includes(secret))).toBe(false);
    expect(kept[0]).toBe(''); // the session cookie is HttpOnly

    // Revoked while the page is open: its next request ends the session.
    await server.cli('token', 'revoke', id);
    await page.getByRole('link', { name: 'Conventions', exact: true }).click();
    await page.getByLabel('Jeton d’accès').waitFor();
    await page.getByText('Votre session a pris fin').waitFor();

    const amf = await signIn(tokens.amf);
    await amf.getByRole('button', { name: 'Se déconnecter' }).click();
    await amf.getByLabel('Jeton d’accès').waitFor();
    expect(await amf.evaluate(async () => (await fetch('/auth/session')).status)).toBe(401);
  });
});

/** Waits (up to 10 s) until the element's text contains the expected text, then passes. */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveTextLater(expected: string): Promise<R>;
      toHaveAttributeLater(name: string, expected: string): Promise<R>;
    }
  }
}

expect.extend({
  async toHaveTextLater(locator: import('playwright-core').Locator, expected: string) {
    const deadline = Date.now() + 10_000;
    let text = '';
    while (Date.now() < deadline) {
      text = (await locator.textContent({ timeout: 1_000 }).catch(() => null)) ?? '';
      if (text.includes(expected)) return { pass: true, message: () => `found “${expected}”` };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { pass: false, message: () => `expected “${expected}” in “${text}”` };
  },
  async toHaveAttributeLater(locator: import('playwright-core').Locator, name: string, expected: string) {
    const deadline = Date.now() + 10_000;
    let value: string | null = null;
    while (Date.now() < deadline) {
      value = await locator.getAttribute(name, { timeout: 1_000 }).catch(() => null);
      if (value === expected) return { pass: true, message: () => `${name}="${expected}"` };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { pass: false, message: () => `expected ${name}="${expected}", got ${String(value)}` };
  },
});
