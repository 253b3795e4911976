import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import { GraphQLClient } from './client';
import { createToken, ServerProcess } from './server';

export interface NotificationFigures {
  conventions: number;
  transitions: number;
  /** Transitions per second with no contact and no webhook: the outbox writes nothing. */
  withoutContacts: number;
  /** The same workload with two contacts and one webhook endpoint per party. */
  withContacts: number;
  /** Outbox rows the second run wrote. */
  messages: number;
  /** What the outbox adds to one transition, in ms (from the two rates). */
  costMsPerTransition: number;
  /** Messages delivered per second (e-mail over SMTP and webhooks, to local receivers). */
  dispatchedPerSecond: number;
}

const SIGN = 'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { id } } }';
const MARK = 'mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c }) { commitment { id } } }';
const CREATE = 'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }';

/** Four mutations per convention (create, two signatures, a commitment done), 8 conventions at a time. */
async function transitions(client: GraphQLClient, tokens: Record<string, string>, conventions: number) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < conventions) {
      next++;
      const created = await client.ok<{ createConvention: { convention: { id: string } } }>(
        tokens.admin!,
        CREATE,
      );
      const id = created.createConvention.convention.id;
      await client.ok(tokens.amf!, SIGN, { id });
      await client.ok(tokens.halde!, SIGN, { id });
      await client.ok(tokens.amf!, MARK, { c: `${id}:amf-relays-information` });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return (conventions * 4) / ((performance.now() - started) / 1000);
}

async function tokensFor(dir: string): Promise<Record<string, string>> {
  return {
    admin: await createToken(dir, 'admin', 'Bench admin'),
    amf: await createToken(dir, 'representative', 'Bench AMF', 'amf'),
    halde: await createToken(dir, 'representative', 'Bench HALDE', 'halde'),
  };
}

/**
 * The outbox's cost on the write path (the same workload on two fresh servers, without then with
 * contacts and webhooks) and the dispatcher's rate (the second store restarted with SMTP, every
 * message delivered to local receivers).
 */
export async function measureNotifications(conventions: number): Promise<NotificationFigures> {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const dirs = [
    mkdtempSync(join(tmpdir(), 'conventio-notify-a-')),
    mkdtempSync(join(tmpdir(), 'conventio-notify-b-')),
  ];
  const quiet = { DISPATCH_INTERVAL_MS: String(86_400_000), WEBHOOK_ALLOW_LOCAL: 'true' };
  try {
    const plain = (await ServerProcess.start(dirs[0]!, null, [], quiet)).server;
    const plainTokens = await tokensFor(dirs[0]!);
    const withoutContacts = await transitions(new GraphQLClient(plain.url), plainTokens, conventions);
    await plain.stop();

    let server = (await ServerProcess.start(dirs[1]!, null, [], quiet)).server;
    const tokens = await tokensFor(dirs[1]!);
    let client = new GraphQLClient(server.url);
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    for (const party of ['amf', 'halde']) {
      for (const n of [1, 2]) {
        await client.ok(
          tokens.admin!,
          'mutation($p: ID!, $e: String!) { addContact(input: { partyId: $p, email: $e, name: "Bench" }) { id } }',
          { p: party, e: `contact${n}@${party}.example.org` },
        );
      }
      await client.ok(
        tokens.admin!,
        'mutation($p: ID!, $u: String!) { addWebhook(input: { partyId: $p, url: $u }) { secret } }',
        {
          p: party,
          u: hook,
        },
      );
    }
    const withContacts = await transitions(client, tokens, conventions);
    await server.stop();

    const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    const started = performance.now();
    server = (
      await ServerProcess.start(dirs[1]!, tokens.admin!, [], {
        ...quiet,
        SMTP_URL: smtpUrl,
        DISPATCH_INTERVAL_MS: '50',
      })
    ).server;
    client = new GraphQLClient(server.url);
    const status = async () =>
      (
        await client.ok<{ notificationStatus: { pending: number; undeliverable: number } }>(
          tokens.admin!,
          '{ notificationStatus { pending undeliverable } }',
        )
      ).notificationStatus;
    while ((await status()).pending > 0) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - started) / 1000;
    const { outbox } = await client.ok<{ outbox: { totalCount: number } }>(
      tokens.admin!,
      '{ outbox(first: 1) { totalCount } }',
    );
    await server.stop();
    return {
      conventions,
      transitions: conventions * 4,
      withoutContacts,
      withContacts,
      messages: outbox.totalCount,
      costMsPerTransition: 1000 / withContacts - 1000 / withoutContacts,
      dispatchedPerSecond: outbox.totalCount / seconds,
    };
  } finally {
    receiver.close();
    smtp.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

export function renderNotifications(f: NotificationFigures): string {
  return [
    '| notifications | without contacts | with 2 contacts + 1 webhook per party |',
    '| --- | --- | --- |',
    `| transitions/s (${f.transitions} mutations, 8 at a time) | ${f.withoutContacts.toFixed(0)} | ${f.withContacts.toFixed(0)} |`,
    `| outbox rows written | 0 | ${f.messages} |`,
    `| outbox cost per transition | | ${f.costMsPerTransition.toFixed(2)} ms |`,
    `| messages dispatched per second (SMTP + webhooks to local receivers, server start-up included) | | ${f.dispatchedPerSecond.toFixed(0)} |`,
  ].join('\n');
}
