import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Convention } from '../conventions/convention.model';

@ObjectType({ description: 'The convention as it stood at an instant, recomputed from its events.' })
export class ConventionAtInstant {
  @Field() at!: string;
  @Field(() => Int, { description: 'Number of events that had occurred by then.' }) version!: number;
  @Field(() => Convention) convention!: Convention;
}
