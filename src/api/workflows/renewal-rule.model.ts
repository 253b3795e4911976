import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class RenewalRule {
  @Field({ description: 'tacit, amendment or none.' }) kind!: string;
  @Field(() => String, { nullable: true, description: 'Length of a renewed term.' }) term!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}
