import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { ConventionDefinition } from '../machines/definition';

/*
 * What loading the definitions folder yields, and how it fails: apart from the parsing and
 * validation themselves (load-definitions.ts, with the YAML parser and the schema), which the
 * server runs in a worker thread so that they do not stay in its memory (load-definitions-apart.ts).
 */

export interface LoadedDefinition {
  /** The file the definition was read from (`<dir>/<name>.yaml`). */
  file: string;
  definition: ConventionDefinition;
  /** SHA-256 (hex) of the canonical JSON (RFC 8785) of the validated definition. */
  contentHash: string;
}

/** One thing wrong with the definitions folder; `file` and `path` are absent when they do not apply. */
export interface DefinitionProblem {
  file?: string;
  /** Where in the file: `commitments[3].owners[0]`, `(root)`, or `line 4, column 7` for YAML syntax. */
  path?: string;
  reason: string;
}

export function formatProblem(problem: DefinitionProblem): string {
  return [problem.file, problem.path, problem.reason].filter((part) => part !== undefined).join(': ');
}

/** Every problem found across the folder; the message is the list, one problem a line. */
export class DefinitionLoadError extends Error {
  override readonly name = 'DefinitionLoadError';

  constructor(readonly problems: readonly DefinitionProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export function contentHash(definition: ConventionDefinition): string {
  const json = canonicalize(definition);
  if (json === undefined) throw new TypeError('a definition always serialises to JSON');
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

/** A loaded definition must not change after its hash is taken. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
