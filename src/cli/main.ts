import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { openRuntime } from '../app/runtime';
import { configFromEnv } from '../config';
import { TokenRole } from '../auth/token.service';
import { DefinitionLoadError } from '../workflows/load-definitions';

const ROLES: TokenRole[] = ['representative', 'auditor', 'admin'];

function role(value: string): TokenRole {
  if (!ROLES.includes(value as TokenRole)) throw new InvalidArgumentError(`one of ${ROLES.join(', ')}`);
  return value as TokenRole;
}

class UsageError extends Error {}

const program = new Command()
  .name('conventio')
  .description('Conventio administration (database from DATABASE_PATH, definitions from WORKFLOWS_DIR)')
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

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof DefinitionLoadError) {
    console.error(`error: ${error.message}`);
  } else {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
