import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConventioProcess, GraphQLResponse } from '../support/conventio-process';

const README = readFileSync(join(__dirname, '../../README.md'), 'utf8');

/** The fenced blocks of one language in the README's "Using it" section, in order. */
function usingItBlocks(language: string): string[] {
  const section = README.split('\n## Using it\n')[1]!.split('\n### ')[0]!;
  return [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

/** `npm run cli -- a "b c"` → ['a', 'b c'] (double quotes only, as the README writes them). */
function cliArguments(line: string): string[] {
  const rest = line.replace(/^npm run cli -- /, '').replace(/\s+#.*$/, '');
  return [...rest.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

interface Example {
  who: string;
  operation: string;
}

/** Each `# who: …` comment line starts an operation that runs with that token. */
function graphqlExamples(block: string): Example[] {
  const examples: Example[] = [];
  for (const line of block.split('\n')) {
    const comment = /^# (\w+)\b/.exec(line);
    if (comment) examples.push({ who: comment[1]!, operation: '' });
    else if (line.trim()) examples[examples.length - 1]!.operation += `${line}\n`;
  }
  return examples;
}

/**
 * The README's "Using it" section, run as written: the server started as its first command says,
 * the tokens made with its CLI lines, then every GraphQL example in order with the token its comment
 * names. A newcomer who copies them gets answers, not errors.
 */
describe('README: Using it', () => {
  let server: ConventioProcess;

  beforeAll(async () => {
    const [start] = usingItBlocks('sh');
    const env = Object.fromEntries([...start!.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    expect(env).toEqual({ CLOCK: 'manual', CLOCK_START: '2010-06-24T00:00:00Z' });
    server = await ConventioProcess.start(env);
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('runs every example with the token it names, each answered without error', async () => {
    const [, cli] = usingItBlocks('sh');
    const tokens: Record<string, string> = {};
    for (const line of cli!.split('\n').filter((l) => l.startsWith('npm run cli -- '))) {
      const { stdout } = await server.cli(...cliArguments(line));
      const secret = /^secret:\s+(\S+)$/m.exec(stdout)?.[1];
      const args = cliArguments(line);
      if (!secret) continue;
      const party = args[args.indexOf('--party') + 1];
      const role = args[args.indexOf('--role') + 1]!;
      tokens[role === 'representative' ? party! : role] = secret;
    }
    expect(Object.keys(tokens).sort()).toEqual(['admin', 'amf', 'auditor', 'halde']);

    const examples = graphqlExamples(usingItBlocks('graphql')[0]!);
    expect(examples.length).toBeGreaterThanOrEqual(12);
    let conventionId = '';
    const answers: Record<string, unknown>[] = [];
    for (const { who, operation } of examples) {
      expect(Object.keys(tokens)).toContain(who);
      const query = operation.replaceAll('<convention id>', conventionId);
      const result: GraphQLResponse = await server.graphql(tokens[who]!, query);
      expect({ who, query, errors: result.errors }).toEqual({ who, query, errors: undefined });
      answers.push(result.data!);
      const created = result.data?.createConvention as { convention: { id: string } } | undefined;
      if (created) conventionId = created.convention.id;
    }
    const verified = answers.find((a) => 'verifyHistory' in a) as { verifyHistory: { valid: boolean } };
    expect(verified.verifyHistory.valid).toBe(true);
    const notice = answers.find((a) => 'giveNotice' in a) as {
      giveNotice: { convention: { terminationEffectiveOn: string } };
    };
    expect(notice.giveNotice.convention.terminationEffectiveOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
