import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Convention } from '../conventions/convention.model';
import { localDescription } from '../local-time';

@ObjectType({ description: 'The convention as it stood at an instant, recomputed from its events.' })
export class ConventionAtInstant {
  @Field({ description: 'The instant asked for, in UTC.' }) at!: string;
  @Field({ description: localDescription('at') }) atLocal!: string;
  @Field(() => Int, { description: 'Number of events that had occurred by then.' }) version!: number;
  @Field(() => Convention) convention!: Convention;
}
