import type { DefinitionFile, Path, Report } from './definition.schema';

/**
 * Options (« Le bénéficiaire peut adhérer au programme … ; dans ce cas il s'engage à … »):
 * sections chosen when a convention is created, whose commitments name them (`option`).
 * Each option is declared once and switches on at least one commitment (an option that brings
 * no commitment would be chosen for nothing: it is refused, not warned about); a commitment
 * names a declared option; a commitment whose fulfilment ends the convention
 * (`term.endsWhenFulfilled`) may not be optional, or a convention without it could never end
 * that way.
 */

const quoted = (values: readonly string[]): string =>
  values.length === 0 ? '(none)' : values.map((value) => `"${value}"`).join(', ');

export function checkOptions(
  definition: Pick<DefinitionFile, 'options' | 'commitments' | 'term'>,
  report: Report,
): void {
  const options = definition.options ?? [];
  const declared = options.map((option) => option.id);
  const first = new Map<string, number>();
  options.forEach((option, index) => {
    const seen = first.get(option.id);
    if (seen !== undefined) {
      report(
        ['options', index, 'id'],
        `duplicate option id "${option.id}" (already used at options[${seen}].id)`,
      );
      return;
    }
    first.set(option.id, index);
    if (!definition.commitments.some((commitment) => commitment.option === option.id)) {
      report(
        ['options', index, 'id'],
        `option "${option.id}" switches on no commitment: name it in the "option" of at least one commitment`,
      );
    }
  });
  definition.commitments.forEach((commitment, index) => {
    if (commitment.option !== undefined && !first.has(commitment.option)) {
      report(
        ['commitments', index, 'option'],
        `unknown option "${commitment.option}" (declared options: ${quoted(declared)})`,
      );
    }
  });
  const { term } = definition;
  if (term.kind === 'open-ended') return;
  (term.endsWhenFulfilled ?? []).forEach((id, index) => {
    const commitment = definition.commitments.find((candidate) => candidate.id === id);
    if (commitment?.option === undefined) return;
    const at: Path = ['term', 'endsWhenFulfilled', index];
    report(
      at,
      `commitment "${id}" belongs to option "${commitment.option}": a convention created without it could never end this way, so it cannot end the convention`,
    );
  });
}
