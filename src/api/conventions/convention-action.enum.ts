import { registerEnumType } from '@nestjs/graphql';
import {
  CONVENTION_ACTIONS,
  ConventionAction as DomainConventionAction,
} from '../../machines/convention.engine';
import { graphqlEnum } from '../graphql-enum';

export const ConventionAction = graphqlEnum(CONVENTION_ACTIONS);
export type ConventionAction = DomainConventionAction;
registerEnumType(ConventionAction, { name: 'ConventionAction' });
