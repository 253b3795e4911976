import { DomainError } from '../common/domain-error';
import { ConventionDefinition } from '../machines/definition';

/**
 * The options a new convention is created with (`createConvention(input: { options })`), as
 * its CONVENTION_CREATED event records them: each one a declared option of the definition
 * (BAD_USER_INPUT naming the valid ones otherwise), listed once, in the definition's order so
 * that the same choice is always recorded the same way. Undefined when none is chosen: the
 * event then has no `chosenOptions`, as before options existed.
 */
export function chosenOptions(
  definition: ConventionDefinition,
  requested: readonly string[] | null | undefined,
): string[] | undefined {
  if (!requested?.length) return undefined;
  const declared = (definition.options ?? []).map((option) => option.id);
  const unknown = requested.filter((id) => !declared.includes(id));
  if (unknown.length > 0) {
    const valid = declared.length ? declared.map((id) => `"${id}"`).join(', ') : 'none: it has no options';
    throw new DomainError(
      'BAD_USER_INPUT',
      `unknown option ${unknown.map((id) => `"${id}"`).join(', ')} for workflow ${definition.id} (valid options: ${valid})`,
    );
  }
  return declared.filter((id) => requested.includes(id));
}
