import { registerEnumType } from '@nestjs/graphql';
import {
  COMMITMENT_STATUSES,
  CommitmentStatus as DomainCommitmentStatus,
} from '../../machines/convention.view';
import { graphqlEnum } from '../graphql-enum';

export const CommitmentStatus = graphqlEnum(COMMITMENT_STATUSES);
export type CommitmentStatus = DomainCommitmentStatus;
registerEnumType(CommitmentStatus, { name: 'CommitmentStatus' });
