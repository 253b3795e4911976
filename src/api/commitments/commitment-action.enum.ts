import { registerEnumType } from '@nestjs/graphql';
import {
  COMMITMENT_ACTIONS,
  CommitmentAction as DomainCommitmentAction,
} from '../../machines/convention.engine';
import { graphqlEnum } from '../graphql-enum';

export const CommitmentAction = graphqlEnum(COMMITMENT_ACTIONS);
export type CommitmentAction = DomainCommitmentAction;
registerEnumType(CommitmentAction, { name: 'CommitmentAction' });
