import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { definitionRef, type ConventionDefinition } from '../machines/definition';
import { conventionDefinitionSchema, formatPath } from './definition.schema';
import {
  contentHash,
  DefinitionLoadError,
  deepFreeze,
  type DefinitionProblem,
  type LoadedDefinition,
} from './loaded-definition';

const DEFINITION_FILE = /\.ya?ml$/i;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return `${typeof value} ${String(value)}`;
}

function reasonOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `required (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${describe(issue.input)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')} (got ${describe(issue.input)})`;
    default:
      return issue.message;
  }
}

/**
 * Line of the YAML node at `path`, or of its closest ancestor present in the file; none for a
 * field missing at the top level, where the first line of the file would only mislead.
 */
function lineOf(document: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  const nodePath = path.filter((key): key is string | number => typeof key !== 'symbol');
  for (let length = nodePath.length; length >= (nodePath.length === 0 ? 0 : 1); length -= 1) {
    const node = length === 0 ? document.contents : document.getIn(nodePath.slice(0, length), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

type Parsed = { definition: ConventionDefinition } | { problems: DefinitionProblem[] };

/** Parses and validates the text of one definition file; `file` only labels the problems. */
export function parseDefinition(source: string, file: string): Parsed {
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => {
        const at = lines.linePos(error.pos[0]);
        return {
          file,
          path: `line ${at.line}, column ${at.col}`,
          reason: `YAML syntax error: ${error.message}`,
        };
      }),
    };
  }
  if (document.contents === null)
    return { problems: [{ file, path: '(root)', reason: 'the file is empty' }] };

  const result = conventionDefinitionSchema.safeParse(document.toJS(), { reportInput: true });
  if (result.success) return { definition: result.data };
  return {
    problems: result.error.issues.map((issue) => {
      const path =
        issue.code === 'unrecognized_keys' && issue.keys.length > 0
          ? [...issue.path, issue.keys[0]]
          : issue.path;
      const line = lineOf(document, lines, path);
      const reason = reasonOf(issue);
      return {
        file,
        path: formatPath(issue.path),
        reason: line === undefined ? reason : `${reason} (line ${line})`,
      };
    }),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readAndParse(file: string): Parsed {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [{ file, reason: `cannot read the file: ${messageOf(error)}` }] };
  }
  return parseDefinition(source, file);
}

function definitionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && DEFINITION_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Reads, validates and hashes every `*.yaml` / `*.yml` file of `dir`. Throws one
 * `DefinitionLoadError` listing every problem of every file, so that a single run shows
 * everything to fix.
 */
export function loadDefinitions(dir: string): LoadedDefinition[] {
  let names: string[];
  try {
    names = definitionFiles(dir);
  } catch (error) {
    throw new DefinitionLoadError([{ reason: `cannot read definitions folder ${dir}: ${messageOf(error)}` }]);
  }
  if (names.length === 0) throw new DefinitionLoadError([{ reason: `no definitions in ${dir}` }]);

  const loaded: LoadedDefinition[] = [];
  const problems: DefinitionProblem[] = [];
  const fileByRef = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    let parsed: Parsed;
    try {
      parsed = readAndParse(file);
    } catch (error) {
      parsed = { problems: [{ file, reason: messageOf(error) }] };
    }
    if ('problems' in parsed) {
      problems.push(...parsed.problems);
      continue;
    }
    const { definition } = parsed;
    const ref = definitionRef(definition);
    const first = fileByRef.get(ref);
    if (first !== undefined) {
      problems.push({
        file,
        path: 'id',
        reason: `definition ${ref} is already defined in ${first}`,
      });
      continue;
    }
    fileByRef.set(ref, file);
    loaded.push({ file, definition: deepFreeze(definition), contentHash: contentHash(definition) });
  }
  if (problems.length > 0) throw new DefinitionLoadError(problems);
  return loaded;
}
