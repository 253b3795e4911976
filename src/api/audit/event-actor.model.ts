import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../viewer/role.enum';

@ObjectType()
export class EventActor {
  @Field(() => ID) userId!: string;
  @Field() name!: string;
  @Field(() => Role) role!: Role;
  @Field(() => ID, { nullable: true }) partyId!: string | null;
}
