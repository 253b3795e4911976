import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'An institution that is party to conventions.' })
export class Party {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() shortName!: string;
}
