import { registerEnumType } from '@nestjs/graphql';
import { ACTOR_ROLES, ActorRole } from '../../machines/actor';
import { graphqlEnum } from '../graphql-enum';

export const Role = graphqlEnum(ACTOR_ROLES);
export type Role = ActorRole;
registerEnumType(Role, { name: 'Role' });
