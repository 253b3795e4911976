import type { DefinitionFile, Path, Report } from './definition.schema';

/**
 * Options (« Le bénéficiaire peut adhérer au programme … ; dans ce cas il s'engage à … »):
 * sections chosen when a convention is created, whose commitments name them (`option`).
 * Each option is declared once and switches on at least one commitment (an option that brings
 * no commitment would be chosen for nothing: it is refused, not warned about); a commitment
 * names a declared option; a commitment whose fulfilment ends the convention
 * (`term.endsWhenFulfilled`) may not be optional, or a convention without it could never end
 * that way. A commitment that comes `after` an optional one, or whose occurrences are owed `if`
 * an optional one was fulfilled, belongs to the same option: in a convention created without
 * it, the first would wait for ever and the second would never be owed.
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
  checkDependsOnOption(definition.commitments, report);
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

/** `after` and `if` name a commitment of the same option (or one of no option). */
function checkDependsOnOption(commitments: DefinitionFile['commitments'], report: Report): void {
  const optionOf = new Map(commitments.map((commitment) => [commitment.id, commitment.option]));
  commitments.forEach((commitment, index) => {
    const named: [Path, string | undefined][] = [
      [['commitments', index, 'after'], commitment.after],
      [['commitments', index, 'if', 'fulfilled'], commitment.if?.fulfilled],
    ];
    for (const [at, id] of named) {
      const option = id === undefined ? undefined : optionOf.get(id);
      if (option === undefined || option === commitment.option) continue;
      report(
        at,
        `commitment "${id}" belongs to option "${option}": a commitment that depends on it must belong to the same option (in a convention created without it, it would never be owed)`,
      );
    }
  });
}
