import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Party } from '../workflows/party.model';
import { Role } from './role.enum';

@ObjectType({ description: 'The bearer of the token used for this request.' })
export class Viewer {
  @Field(() => ID, { description: 'Token id.' }) id!: string;
  @Field() name!: string;
  @Field(() => Role) role!: Role;
  @Field(() => Party, { nullable: true, description: 'The party a representative acts for.' })
  party!: Party | null;
}
