import { registerEnumType } from '@nestjs/graphql';
import {
  ASSESSMENT_RATINGS,
  AssessmentRating as DomainAssessmentRating,
} from '../../machines/convention.events';
import { graphqlEnum } from '../graphql-enum';

export const AssessmentRating = graphqlEnum(ASSESSMENT_RATINGS);
export type AssessmentRating = DomainAssessmentRating;
registerEnumType(AssessmentRating, { name: 'AssessmentRating' });
