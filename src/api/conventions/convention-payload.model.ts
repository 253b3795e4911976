import { Field, ObjectType } from '@nestjs/graphql';
import { Convention } from './convention.model';

@ObjectType()
export class ConventionPayload {
  @Field(() => Convention) convention!: Convention;
}
