import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { createWriteStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { formatCheckpointFile, parseCheckpointFile } from '../audit/checkpoint';
import { describeProblem, verifyExport } from '../audit/offline-verifier';
import { openRuntime } from './runtime';
import { configFromEnv, describeDatabase } from '../config';
import { TokenRole } from '../auth/token.service';
import { DefinitionLoadError } from '../workflows/loaded-definition';
import { calendarCommands } from './calendar-commands';
import { DomainError } from '../common/domain-error';
import { addNotificationCommands } from './notification-commands';

const ROLES: TokenRole[] = ['representative', 'auditor', 'admin'];

function role(value: string): TokenRole {
  if (!ROLES.includes(value as TokenRole)) throw new InvalidArgumentError(`one of ${ROLES.join(', ')}`);
  return value as TokenRole;
}

function threadCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number, 0 or more');
  return n;
}

class UsageError extends Error {}

const program = new Command()
  .name('conventio')
  .description(
    'Conventio administration (database from DATABASE_URL, or the SQLite file DATABASE_PATH; definitions from WORKFLOWS_DIR)',
  )
  .showHelpAfterError();

const token = program
  .command('token')
  .description('API tokens: created with a role, shown once, stored hashed');

token
  .command('create')
  .description('create a token and print its secret once')
  .requiredOption('--role <role>', `${ROLES.join(' | ')}`, role)
  .requiredOption('--name <name>', 'who holds the token (recorded on every event it causes)')
  .option('--party <partyId>', 'the party a representative acts for (required for representatives)')
  .action(async (options: { role: TokenRole; name: string; party?: string }) => {
    if (options.role === 'representative' && !options.party) {
      throw new UsageError('a representative token needs --party <partyId>');
    }
    if (options.role !== 'representative' && options.party) {
      throw new UsageError('--party applies to representative tokens only');
    }
    const runtime = await openRuntime(configFromEnv());
    try {
      if (options.party && !runtime.registry.partyIds().has(options.party)) {
        const known = [...runtime.registry.partyIds()].sort().join(', ');
        throw new UsageError(`unknown party "${options.party}"; parties in the definitions: ${known}`);
      }
      const issued = await runtime.db.write((m) =>
        runtime.tokens.issue(m, options.role, options.name, options.party ?? null),
      );
      console.log(`token id: ${issued.id}`);
      console.log(`secret:   ${issued.secret}`);
      console.log('The secret is shown only now; use it as "Authorization: Bearer <secret>".');
    } finally {
      await runtime.close();
    }
  });

token
  .command('revoke')
  .description('revoke a token by id; it stops working at once')
  .argument('<id>', 'token id')
  .action(async (id: string) => {
    const runtime = await openRuntime(configFromEnv());
    try {
      const revoked = await runtime.db.write((m) => runtime.tokens.revoke(m, id));
      if (!revoked) throw new UsageError(`no active token ${id}`);
      console.log(`token ${id} revoked`);
    } finally {
      await runtime.close();
    }
  });

calendarCommands(program);

program
  .command('export')
  .description(
    'write the NDJSON audit export (events, definitions, checkpoints, public key) of the log or one convention',
  )
  .option('--convention <id>', 'export one convention, with inclusion proofs, instead of the whole log')
  .option('--out <file>', 'write to this file instead of standard output')
  .option('--checkpoint', 'publish a checkpoint of the log first, so the export ends with a fresh one')
  .action(async (options: { convention?: string; out?: string; checkpoint?: boolean }) => {
    const runtime = await openRuntime(configFromEnv());
    try {
      if (options.checkpoint) await runtime.log.publishCheckpoint();
      if (options.convention) {
        const found = await runtime.conventionRepository.load(runtime.db.read, options.convention);
        if (!found) throw new UsageError(`no convention ${options.convention}`);
      }
      const { exportLines } = await import('../audit/export');
      const lines = exportLines(
        runtime.db.read,
        runtime.log,
        runtime.config.checkpointOrigin,
        runtime.clock.nowIso(),
        options.convention ?? null,
      );
      await pipeline(Readable.from(lines), options.out ? createWriteStream(options.out) : process.stdout);
    } finally {
      await runtime.close();
    }
  });

program
  .command('migrate')
  .description(
    'bring the database schema up to date and publish the definitions of WORKFLOWS_DIR, then exit (run once before starting new instances)',
  )
  .action(async () => {
    const runtime = await openRuntime(configFromEnv());
    await runtime.close();
    console.log(`database ${describeDatabase(runtime.config)} is up to date`);
  });

program
  .command('checkpoint')
  .description('publish a signed checkpoint of the log now and print it as the file a party keeps')
  .action(async () => {
    const runtime = await openRuntime(configFromEnv());
    try {
      process.stdout.write(formatCheckpointFile(await runtime.log.publishCheckpoint()));
    } finally {
      await runtime.close();
    }
  });

program
  .command('public-key')
  .description("print the PEM public key that verifies this server's checkpoints")
  .action(async () => {
    const runtime = await openRuntime(configFromEnv());
    try {
      process.stdout.write(runtime.log.publicKeyPem);
    } finally {
      await runtime.close();
    }
  });

program
  .command('verify')
  .description(
    'verify an export offline: hash chains, replay of every convention, checkpoints and their signatures',
  )
  .argument('<export>', 'an NDJSON export')
  .option('--checkpoint <file...>', 'checkpoint files kept from earlier days; each must still hold')
  .option('--public-key <file>', 'the PEM public key you trust (otherwise the export’s own key is used)')
  .option(
    '--threads <n>',
    'threads replaying conventions (default: one per core for 2,000 events or more; 0: this thread only)',
    threadCount,
  )
  .action(async (file: string, options: { checkpoint?: string[]; publicKey?: string; threads?: number }) => {
    const report = await verifyExport(file, {
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      keptCheckpoints: (options.checkpoint ?? []).map((path) =>
        parseCheckpointFile(readFileSync(path, 'utf8')),
      ),
      ...(options.publicKey ? { publicKeyPem: readFileSync(options.publicKey, 'utf8') } : {}),
    });
    if (!report.ok) {
      console.error(`INVALID: ${describeProblem(report.problem!)}`);
      process.exit(2);
    }
    for (const line of report.lines) console.log(line);
    console.log('VALID');
  });

addNotificationCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof DefinitionLoadError || error instanceof DomainError) {
    console.error(`error: ${error.message}`);
  } else {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
