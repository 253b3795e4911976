import { registerEnumType } from '@nestjs/graphql';
import {
  TERMINATION_CAUSES,
  TerminationCause as DomainTerminationCause,
} from '../../machines/convention.context';
import { graphqlEnum } from '../graphql-enum';

export const TerminationCause = graphqlEnum(TERMINATION_CAUSES);
export type TerminationCause = DomainTerminationCause;
registerEnumType(TerminationCause, { name: 'TerminationCause' });
