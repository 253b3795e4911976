import { DomainError } from '../../common/domain-error';
import { ConventionContext } from '../../machines/convention.machine';
import { AmendmentChanges } from '../../machines/convention.events';
import {
  CommitmentDefinition,
  NoticeDefinition,
  RenewalDefinition,
  TermDefinition,
} from '../../machines/definition';
import { AmendmentChangesInput } from './amendment-changes.input';
import { CommitmentSpecInput } from './commitment-spec.input';
import { NoticeRuleInput } from './notice-rule.input';
import { RenewalRuleInput } from './renewal-rule.input';
import { TermRuleInput } from './term-rule.input';

/** Translates the GraphQL shape of an amendment into the domain's, against the rules in force. */

function required(value: string | null | undefined, what: string): string {
  if (!value) throw new DomainError('BAD_USER_INPUT', `${what} is required`);
  return value;
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

function commitment(input: CommitmentSpecInput): CommitmentDefinition {
  if (input.dueFrom && input.dueFrom !== 'start' && input.dueFrom !== 'end') {
    throw new DomainError('BAD_USER_INPUT', `dueFrom must be "start" or "end" (${input.id})`);
  }
  return defined({
    id: input.id,
    article: input.article,
    title: input.title,
    text: input.text,
    owners: input.owners,
    shape: input.shape,
    due: input.due,
    dueFrom: input.dueFrom as 'start' | 'end' | null | undefined,
    dueBy: input.dueBy,
    onlyIfEndedBy: input.onlyIfEndedBy,
    after: input.after,
    every: input.every,
    dueAfterPeriod: input.dueAfterPeriod,
    dueEachYearOn: input.dueEachYearOn,
    dueEachYearBefore: input.dueEachYearBefore,
    atLeast: input.atLeast,
    committee: input.committee,
    survives: input.survives,
  }) as CommitmentDefinition;
}

function term(input: TermRuleInput): TermDefinition {
  switch (input.kind) {
    case 'fixed':
      return { kind: 'fixed', duration: required(input.duration, 'term.duration') };
    case 'until':
      return { kind: 'until', endsOn: required(input.endsOn, 'term.endsOn') };
    case 'open-ended':
      return { kind: 'open-ended' };
    default:
      throw new DomainError('BAD_USER_INPUT', 'term.kind must be fixed, until or open-ended');
  }
}

function renewal(input: RenewalRuleInput): RenewalDefinition {
  switch (input.kind) {
    case 'tacit':
    case 'amendment':
      return { kind: input.kind, term: required(input.term, 'renewal.term') };
    case 'none':
      return { kind: 'none' };
    default:
      throw new DomainError('BAD_USER_INPUT', 'renewal.kind must be tacit, amendment or none');
  }
}

function notice(input: NoticeRuleInput): NoticeDefinition {
  switch (input.kind) {
    case 'period':
      return { kind: 'period', period: required(input.period, 'notice.period') };
    case 'anniversary':
      return input.window ? { kind: 'anniversary', window: input.window } : { kind: 'anniversary' };
    case 'none':
      return { kind: 'none' };
    default:
      throw new DomainError('BAD_USER_INPUT', 'notice.kind must be period, anniversary or none');
  }
}

export function amendmentChanges(
  input: AmendmentChangesInput,
): (context: ConventionContext) => AmendmentChanges {
  const changes: AmendmentChanges = {};
  if (input.addCommitments?.length) changes.addCommitments = input.addCommitments.map(commitment);
  if (input.changeCommitments?.length) {
    changes.changeCommitments = input.changeCommitments.map((c) => defined({ ...c }) as { id: string });
  }
  if (input.waiveCommitments?.length) changes.waiveCommitments = input.waiveCommitments;
  if (input.term) changes.term = term(input.term);
  if (input.renewal) changes.renewal = renewal(input.renewal);
  if (input.notice) changes.notice = notice(input.notice);
  const cadence = input.evaluationCadence;
  return (context) => {
    if (!cadence) return changes;
    if (!context.rules.evaluation) {
      throw new DomainError('BAD_USER_INPUT', 'this convention has no evaluation whose cadence could change');
    }
    return { ...changes, evaluation: { ...context.rules.evaluation, cadence } };
  };
}
