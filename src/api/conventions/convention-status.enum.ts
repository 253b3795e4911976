import { registerEnumType } from '@nestjs/graphql';
import {
  CONVENTION_STATUSES,
  ConventionStatus as DomainConventionStatus,
} from '../../machines/convention.view';
import { graphqlEnum } from '../graphql-enum';

export const ConventionStatus = graphqlEnum(CONVENTION_STATUSES);
export type ConventionStatus = DomainConventionStatus;
registerEnumType(ConventionStatus, { name: 'ConventionStatus' });
