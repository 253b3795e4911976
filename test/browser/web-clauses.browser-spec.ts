/// <reference lib="dom" />
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { StoryConvention, World } from '../support/story';
import { workflowsWithFixtures } from '../support/workflows-dir';
import { launchChromium, seriousViolations } from './chromium';

/**
 * Issue 14 in the web workspace: the clauses and states added to the API shown on the convention
 * page (and the options chosen on the admin page), in Chromium, on the real server with the
 * fixtures of test/fixtures/definitions and a manual clock moved from 2024 to January 2026.
 */

const FIXTURES = [
  'clause-ordering',
  'clause-termination-effects',
  'clause-options',
  'clause-termination-right',
  'clause-conditional-recurring',
  'clause-committee-quorum',
  'clause-breach-right',
  'clause-in-force-before-signature',
];

const RIGHT = `query($id: ID!) { convention(id: $id) { allowedActions terminationRight { since holders } } }`;
const RIGHTS = `query($id: ID!) { convention(id: $id) { status termination { cause }
  terminationRights { cause since holders } } }`;
const CREATE_IN_FORCE = `mutation($on: String!) { createConvention(input: {
  workflowId: "clause-in-force-before-signature", effectiveOn: $on }) { convention { id workflowId } } }`;
const SUSPEND = `mutation($id: ID!) { suspendConvention(input: { conventionId: $id,
  reason: "Incendie des locaux du 12 rue Pasteur" }) { convention { status } } }`;
const RECORD = `mutation($id: ID!, $heldOn: String!, $parties: [ID!]!) { recordMeeting(input: {
  conventionId: $id, committee: "steering", heldOn: $heldOn, attendingParties: $parties }) {
  convention { id } } }`;
const REPORT = `mutation($c: ID!) { reportBreach(input: { commitmentId: $c,
  description: "Subvention affectée à un autre projet", evidenceUrl: "https://example.org/releve.pdf" }) {
  convention { version } } }`;
const FORMAL_NOTICE = `mutation($c: ID!) { serveFormalNotice(input: { commitmentId: $c,
  reason: "Affectation non conforme de la subvention" }) { convention { version } } }`;

/** A calendar day as the page writes it in French: « 2 décembre 2025 ». */
const frenchDay = (day: string) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );

describe('web workspace: the clauses of issue 14 (Chromium)', () => {
  let workflowsDir: string;
  let world: World;
  let browser: Browser;
  let origin: string;
  let ordering: StoryConvention;
  let lapsed: StoryConvention;
  let breached: StoryConvention;
  let suspended: StoryConvention;
  let conditional: StoryConvention;
  let committees: StoryConvention;
  let bothRights: StoryConvention;
  let inForce: StoryConvention;
  const contexts: BrowserContext[] = [];

  const expectAccessible = async (page: Page, name: string) => {
    expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
  };

  const signIn = async (token: string): Promise<Page> => {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    contexts.push(context);
    const page = await context.newPage();
    // A step that does not come fails in 10 s, naming itself, before the test's own timeout.
    page.setDefaultTimeout(10_000);
    await page.goto(`${origin}/`);
    await page.getByLabel('Jeton d’accès').fill(token);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    return page;
  };

  const open = async (page: Page, convention: StoryConvention) => {
    await page.goto(`${origin}/conventions/${convention.id}`);
    await page.getByTestId('convention-status').waitFor();
  };

  beforeAll(async () => {
    workflowsDir = workflowsWithFixtures('conventio-web-clauses-', FIXTURES);
    world = await World.start({
      CLOCK: 'manual',
      CLOCK_START: '2023-12-20T08:00:00Z',
      WORKFLOWS_DIR: workflowsDir,
    });
    browser = await launchChromium();
    origin = new URL(world.server.url).origin;

    // Signed on 1 January 2024: the grant of 2024 is paid, the report of 2024 missed.
    conditional = await world.given.signed('clause-conditional-recurring', { on: '2024-01-01T09:00:00Z' });
    // Its activity report is due by 1 July 2024, and missed.
    bothRights = await world.given.signed('clause-breach-right');
    lapsed = await world.given.signed('clause-termination-effects');
    breached = await world.given.signed('clause-termination-effects');
    suspended = await world.given.signed('clause-termination-right');
    await world.when.clockReaches('2024-02-01T10:00:00Z');
    // Ended by notice, not for breach: the repayment never arises (LAPSED).
    await world.as('association').givesNotice(lapsed.id, 'Fin du projet de jardins partagés');
    await world.when.clockReaches('2024-06-01T10:00:00Z');
    await world.as('commune-b').marksDone(`${conditional.id}:annual-grant`);
    // Lyon serves formal notice for the missed report: unanswered a month on, Lyon may terminate for breach.
    await world.when.clockReaches('2025-09-01T10:00:00Z');
    await world.as('ville-lyon').does(FORMAL_NOTICE, { c: `${bothRights.id}:rapport-activite` });
    // Suspended on 1 November 2025 by the association: past a month, the City may terminate.
    await world.when.clockReaches('2025-11-01T10:00:00Z');
    await world.as('maison-des-solidarites').does(SUSPEND, { id: suspended.id });
    await world.as('maison-des-solidarites').does(SUSPEND, { id: bothRights.id });
    await world.when.clockReaches('2025-12-20T10:00:00Z');
    await world.as('departement').does(REPORT, { c: `${breached.id}:use-of-funds` });
    await world.as('departement').does(FORMAL_NOTICE, { c: `${breached.id}:use-of-funds` });
    // The grant of 2025 closes on 1 January 2026, not owed: the report of 2024 was missed.
    await world.when.clockReaches('2026-01-05T10:00:00Z');
    ordering = await world.given.signed('clause-ordering');
    // Rules v2: a steering meeting attended by one party alone is short of its quorum (all).
    committees = await world.given.signed('clause-committee-quorum');
    await world.as('cget').does(RECORD, { id: committees.id, heldOn: '2026-01-05', parties: ['cget'] });
    // Rules v4: in force from 1 October 2025, signed on 5 January 2026: what fell due before is late.
    const created = await world.server.ok<{ createConvention: { convention: StoryConvention } }>(
      world.admin,
      CREATE_IN_FORCE,
      { on: '2025-10-01' },
    );
    inForce = created.createConvention.convention;
    await world.when.everyoneSigns(inForce);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await world?.dispose();
    if (workflowsDir) rmSync(workflowsDir, { recursive: true, force: true });
  });

  it('shows what a commitment waits for, and the way of ending a commitment arises from', async () => {
    const association = await signIn(await world.tokenOf('association-a'));
    await open(association, ordering);
    await expect(association.getByTestId('waiting-for-validation')).toHaveTextLater(
      'En attente de : Remise des livrables',
    );
    await expect(association.getByTestId('waiting-for-publication')).toHaveTextLater(
      'En attente de : Validation des livrables',
    );
    expect(await association.getByTestId('waiting-for-delivery').count()).toBe(0);
    await expectAccessible(association, 'convention with commitments waiting (association A)');

    const auditor = await signIn(world.auditor);
    await open(auditor, lapsed);
    await expect(auditor.getByTestId('convention-status')).toHaveTextLater('Terminée');
    await expect(auditor.getByTestId('status-repayment')).toHaveTextLater('Caduc');
    await expect(auditor.getByTestId('only-if-ended-by-repayment')).toHaveTextLater(
      'Naît seulement en cas de résiliation pour inexécution',
    );
    expect(await auditor.getByTestId('only-if-ended-by-final-report').count()).toBe(0);
    await expectAccessible(auditor, 'convention ended by notice (auditor)');

    // The same words in English.
    await auditor.getByRole('button', { name: 'English' }).click();
    await expect(auditor.getByTestId('status-repayment')).toHaveTextLater('Lapsed');
    await expect(auditor.getByTestId('only-if-ended-by-repayment')).toHaveTextLater(
      'Arises only on termination for breach',
    );
  });

  it('shows the occurrences not owed and their condition, and the breaches and formal notices', async () => {
    const auditor = await signIn(world.auditor);
    await open(auditor, conditional);
    await expect(auditor.getByTestId('condition-annual-grant')).toHaveTextLater(
      "Due seulement si « Rapport d'activité annuel » a été réalisé pour la période précédente",
    );
    const notOwed = auditor.getByTestId('not-owed-annual-grant');
    await expect(notOwed).toHaveTextLater('Non due');
    await expect(notOwed).toHaveTextLater(`période du ${frenchDay('2025-01-01')}`);
    expect(await auditor.getByTestId('not-owed-annual-report').count()).toBe(0);
    await expectAccessible(auditor, 'convention with an occurrence not owed (auditor)');

    await open(auditor, breached);
    const breaches = auditor.getByTestId('breaches');
    await expect(breaches).toHaveTextLater(
      'Affectation de la subvention — Manquement signalé par Département le 20 décembre 2025 : Subvention affectée à un autre projet',
    );
    await expect(breaches).toHaveTextLater('Mise en demeure par Département le 20 décembre 2025');
    await expect(breaches).toHaveTextLater('Affectation non conforme de la subvention');
    await expect(breaches).toHaveTextLater('En cours');
    await expectAccessible(auditor, 'convention with a breach and a formal notice (auditor)');

    await open(auditor, committees);
    await expect(auditor.getByTestId('meetings')).toHaveTextLater(
      `Comité de pilotage — ${frenchDay('2026-01-05')} — CGET — quorum non atteint : ne compte pour aucun engagement`,
    );
  });

  it('shows the open right to terminate to its holder, with the Terminate action, and not to the other party', async () => {
    const { convention } = await world.server.ok<{
      convention: { allowedActions: string[]; terminationRight: { since: string; holders: string[] } };
    }>(await world.tokenOf('ville-lyon'), RIGHT, { id: suspended.id });
    expect(convention.terminationRight.holders).toEqual(['ville-lyon']);
    expect(convention.allowedActions).toContain('TERMINATE');

    const lyon = await signIn(await world.tokenOf('ville-lyon'));
    await open(lyon, suspended);
    const right = lyon.getByTestId('termination-right');
    await expect(right).toHaveTextLater('Droit de résiliation ouvert');
    await expect(right).toHaveTextLater(
      `Peut résilier la convention : Lyon, depuis le ${frenchDay(convention.terminationRight.since)}`,
    );
    await lyon.getByRole('button', { name: 'Résilier', exact: true }).waitFor();
    await expectAccessible(lyon, 'convention with a right to terminate (Lyon)');

    const mds = await signIn(await world.tokenOf('maison-des-solidarites'));
    await open(mds, suspended);
    await mds.getByTestId('termination-right').waitFor();
    expect(await mds.getByRole('button', { name: 'Résilier', exact: true }).count()).toBe(0);
  });

  it('shows what fell due before the signature as late, with the date its terms gave and the date it is due', async () => {
    const association = await signIn(await world.tokenOf('association'));
    await open(association, inForce);
    // Due within two months of 1 October 2025, signed on 5 January 2026: due a month after the signature.
    const programme = association.getByTestId('late-action-programme');
    await expect(programme).toHaveTextLater('Échue avant la signature');
    await expect(programme).toHaveTextLater(
      `échéance prévue le ${frenchDay('2025-12-01')}, à régulariser au plus tard le ${frenchDay('2026-02-05')}`,
    );
    // The October statement, the first of those recorded one after the other, is late too.
    const monthly = association.getByTestId('late-monthly-attendance');
    await expect(monthly).toHaveTextLater('Échue avant la signature');
    await expect(monthly).toHaveTextLater(`à régulariser au plus tard le ${frenchDay('2026-02-05')}`);
    // Due before 30 June 2026: not late.
    expect(await association.getByTestId('late-annual-grant').count()).toBe(0);
    await expectAccessible(association, 'convention in force before its signature (association)');

    await association.getByRole('button', { name: 'English' }).click();
    await expect(association.getByTestId('late-action-programme')).toHaveTextLater(
      'Fell due before the signature',
    );
  });

  it('shows both rights open to their holder, who names the one it exercises', async () => {
    const lyon = await signIn(await world.tokenOf('ville-lyon'));
    await open(lyon, bothRights);
    const rights = lyon.getByTestId('termination-right');
    await expect(rights).toHaveTextLater('Droits de résiliation ouverts');
    await expect(lyon.getByTestId('termination-right-FORCE_MAJEURE')).toHaveTextLater(
      'Peut résilier la convention : Lyon, depuis le',
    );
    await expect(lyon.getByTestId('termination-right-FORCE_MAJEURE')).toHaveTextLater('pour force majeure');
    await expect(lyon.getByTestId('termination-right-BREACH')).toHaveTextLater('pour manquement');

    await lyon.getByTestId('terminate').click();
    const form = lyon.getByRole('form', { name: 'Résilier' });
    await form.getByLabel('Motif').fill('Rapport d’activité non remis malgré la mise en demeure');
    const choice = form.getByLabel('Droit exercé');
    expect(await choice.inputValue()).toBe('');
    await choice.selectOption({ label: 'pour manquement' });
    await expectAccessible(lyon, 'terminating with two rights open (Lyon)');
    await form.getByRole('button', { name: 'Confirmer' }).click();
    await expect(lyon.getByTestId('convention-status')).toHaveTextLater('Terminée');
    const { convention } = await world.server.ok<{
      convention: { status: string; termination: { cause: string } };
    }>(world.auditor, RIGHTS, { id: bothRights.id });
    expect(convention.termination.cause).toBe('BREACH');
  });

  it('lets the administrator choose the options at creation, and shows those chosen', async () => {
    const admin = await signIn(world.admin);
    await admin.goto(`${origin}/admin`);
    await admin.getByLabel('Modèle').selectOption('clause-options');
    // DSFR draws the box in the label: a person clicks the label.
    const option = admin.getByLabel("Programme d'accompagnement numérique");
    await admin.locator('label', { hasText: "Programme d'accompagnement numérique" }).click();
    expect(await option.isChecked()).toBe(true);
    await expectAccessible(admin, 'admin page with options (administrator)');
    await admin.getByRole('button', { name: 'Créer' }).click();
    await admin.getByText('Convention créée').waitFor();
    await admin
      .getByRole('link', {
        name: "Convention d'objectifs avec le programme optionnel d'accompagnement numérique",
      })
      .first()
      .click();
    const chosen = admin.getByTestId('chosen-options');
    await expect(chosen).toHaveTextLater('Options choisies');
    await expect(chosen).toHaveTextLater("Programme d'accompagnement numérique");
    await admin.getByTestId('status-volunteer-training').waitFor();
    await expectAccessible(admin, 'convention with its options (administrator)');
  });
});

/** Waits (up to 10 s) until the element's text contains the expected text, then passes. */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveTextLater(expected: string): Promise<R>;
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
});
