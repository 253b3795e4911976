import { registerEnumType } from '@nestjs/graphql';
import {
  OCCURRENCE_STATUSES,
  OccurrenceStatus as DomainOccurrenceStatus,
} from '../../machines/commitment.machine';
import { graphqlEnum } from '../graphql-enum';

export const OccurrenceStatus = graphqlEnum(OCCURRENCE_STATUSES);
export type OccurrenceStatus = DomainOccurrenceStatus;
registerEnumType(OccurrenceStatus, { name: 'OccurrenceStatus' });
