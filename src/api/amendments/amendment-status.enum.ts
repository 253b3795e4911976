import { registerEnumType } from '@nestjs/graphql';
import {
  AMENDMENT_STATUSES,
  AmendmentStatus as DomainAmendmentStatus,
} from '../../machines/convention.context';
import { graphqlEnum } from '../graphql-enum';

export const AmendmentStatus = graphqlEnum(AMENDMENT_STATUSES);
export type AmendmentStatus = DomainAmendmentStatus;
registerEnumType(AmendmentStatus, { name: 'AmendmentStatus' });
