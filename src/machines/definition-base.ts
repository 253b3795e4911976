import { termsFromDefinition } from './amendments';
import { CommitmentTerms } from './convention.context';
import { commitmentsWithOptions, ConventionDefinition, ConventionRules, definitionRef } from './definition';

/**
 * What every convention of a definition starts from: its commitments as terms and its rules.
 * Built once per definition version (as the machine is, `machineFor`) and shared by every
 * convention of it, so that the store can tell by identity what an amendment has not touched
 * (`stored-snapshot.ts`).
 */

export interface DefinitionBase {
  /** The definition's commitments as terms: the context's starting `terms`, shared and frozen. */
  terms: Readonly<Record<string, CommitmentTerms>>;
  rules: Readonly<ConventionRules>;
}

const bases = new Map<string, DefinitionBase>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Frozen: the machine only ever replaces them (amendments build new objects). `chosenOptions`
 * (the convention's, from its CONVENTION_CREATED event): the commitments of options not chosen
 * are left out; one base per definition version and choice.
 */
export function definitionBase(
  definition: ConventionDefinition,
  chosenOptions?: readonly string[],
): DefinitionBase {
  const ref = chosenOptions?.length
    ? `${definitionRef(definition)}+${chosenOptions.join('+')}`
    : definitionRef(definition);
  let base = bases.get(ref);
  if (!base) {
    const rules: ConventionRules = {
      timeZone: definition.timeZone,
      term: definition.term,
      renewal: definition.renewal,
      notice: definition.notice,
      evaluation: definition.evaluation,
      ...(definition.breach ? { breach: definition.breach } : {}),
      ...(definition.forceMajeure ? { forceMajeure: definition.forceMajeure } : {}),
    };
    base = deepFreeze({
      terms: termsFromDefinition(
        structuredClone(commitmentsWithOptions(definition.commitments, chosenOptions)),
      ),
      rules: structuredClone(rules),
    });
    bases.set(ref, base);
  }
  return base;
}
