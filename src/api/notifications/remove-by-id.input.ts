import { Field, ID, InputType } from '@nestjs/graphql';

@InputType()
export class RemoveByIdInput {
  @Field(() => ID) id!: string;
}
