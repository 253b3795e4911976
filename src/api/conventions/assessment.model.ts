import { Field, ObjectType } from '@nestjs/graphql';
import { AssessmentRating } from './assessment-rating.enum';

@ObjectType()
export class Assessment {
  @Field() criterion!: string;
  @Field(() => AssessmentRating) rating!: AssessmentRating;
  @Field(() => String, { nullable: true }) comment!: string | null;
}
