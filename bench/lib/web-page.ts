import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../../test/browser/chromium';
import { GraphQLClient, median } from './client';
import { createToken, ROOT, ServerProcess } from './server';

export interface WebPageFigures {
  /** What the first page loads: index.html, the JS and the CSS it links (fonts and icons aside). */
  /** Each file: its size, gzipped, and as the server sends it to a browser (its Brotli copy). */
  files: { path: string; bytes: number; gzipBytes: number; sentBytes: number }[];
  jsGzipBytes: number;
  cssGzipBytes: number;
  /** Commitments the representative's party owns across its conventions. */
  commitments: number;
  conventions: number;
  /** Navigation to the home page fully drawn (signed in, one GraphQL request), per sample. */
  renderMs: number[];
  /** Commitments drawn on the first page of the home (the server answers pages of 100). */
  rowsDrawn: number;
}

const DIST = join(ROOT, 'web', 'dist');

/** The files index.html links, as the browser fetches them on a first visit. */
function firstPageFiles(): WebPageFigures['files'] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const linked = [...html.matchAll(/(?:src|href)="\/([^"?]+\.(?:js|css))(?:\?[^"]*)?"/g)].map((m) => m[1]!);
  const assets = readdirSync(join(DIST, 'assets'))
    .filter((name) => name.endsWith('.js') || name.endsWith('.css'))
    .map((name) => `assets/${name}`);
  // Vite's entry imports its chunks (the DSFR module) at once: all of assets/ is the first page.
  const paths = ['index.html', ...new Set([...linked, ...assets])];
  return paths.map((path) => {
    const content = readFileSync(join(DIST, path));
    const brotli = join(DIST, `${path}.br`);
    const sentBytes = existsSync(brotli) ? statSync(brotli).size : content.length;
    return { path, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length, sentBytes };
  });
}

/**
 * The web workspace's weight and the home page's drawing time: a server on a fresh store with
 * `conventions` HALDE–AMF conventions (four AMF commitments each), the AMF representative signed
 * in in Chromium, the home loaded `samples` times.
 */
export async function measureWebPage(conventions: number, samples: number): Promise<WebPageFigures> {
  const files = firstPageFiles();
  const dir = mkdtempSync(join(tmpdir(), 'conventio-bench-web-'));
  const { server } = await ServerProcess.start(dir, null, [], {
    CLOCK: 'manual',
    CLOCK_START: '2010-06-20T08:00:00Z',
  });
  const browser = await launchChromium();
  try {
    const admin = await createToken(dir, 'admin', 'Bench admin');
    const amf = await createToken(dir, 'representative', 'Bench AMF', 'amf');
    const client = new GraphQLClient(server.url);
    const create =
      'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }';
    for (let i = 0; i < conventions; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, conventions - i) }, () => client.ok(admin, create)),
      );
    }
    const { commitmentsByUrgency } = await client.ok<{ commitmentsByUrgency: { totalCount: number } }>(
      amf,
      '{ commitmentsByUrgency(partyId: "amf", first: 1) { totalCount } }',
    );
    const origin = new URL(server.url).origin;
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.getByLabel('Jeton d’accès').fill(amf);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('[data-group="fulfilled"]').waitFor();
    const renderMs: number[] = [];
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      await page.goto(`${origin}/`);
      await page.locator('[data-group="fulfilled"]').waitFor();
      renderMs.push(performance.now() - started);
    }
    const rowsDrawn = await page.locator('section[data-group] tbody tr').count();
    await context.close();
    return {
      files,
      jsGzipBytes: files.filter((f) => f.path.endsWith('.js')).reduce((sum, f) => sum + f.gzipBytes, 0),
      cssGzipBytes: files.filter((f) => f.path.endsWith('.css')).reduce((sum, f) => sum + f.gzipBytes, 0),
      commitments: commitmentsByUrgency.totalCount,
      conventions,
      renderMs,
      rowsDrawn,
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function renderWebPage(figures: WebPageFigures): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  const lines = [
    '| web workspace | value |',
    '| --- | --- |',
    `| first page, gzipped JS + CSS | ${kb(figures.jsGzipBytes + figures.cssGzipBytes)} (JS ${kb(figures.jsGzipBytes)}, CSS ${kb(figures.cssGzipBytes)}) |`,
    `| first page as sent (Brotli copies, index.html included) | ${kb(figures.files.reduce((sum, f) => sum + f.sentBytes, 0))} |`,
    ...figures.files.map(
      (f) => `| ${f.path} | ${kb(f.bytes)} (gzip ${kb(f.gzipBytes)}, sent ${kb(f.sentBytes)}) |`,
    ),
    `| home of a party with ${figures.commitments} commitments (${figures.conventions} conventions), navigation to drawn, median of ${figures.renderMs.length} | ${median(figures.renderMs).toFixed(0)} ms (${figures.renderMs.map((ms) => ms.toFixed(0)).join(', ')}; ${figures.rowsDrawn} rows drawn) |`,
  ];
  return lines.join('\n');
}
