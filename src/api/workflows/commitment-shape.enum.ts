import { registerEnumType } from '@nestjs/graphql';
import { COMMITMENT_SHAPES, CommitmentShape as DomainCommitmentShape } from '../../machines/definition';
import { graphqlEnum } from '../graphql-enum';

export const CommitmentShape = graphqlEnum(COMMITMENT_SHAPES);
export type CommitmentShape = DomainCommitmentShape;
registerEnumType(CommitmentShape, {
  name: 'CommitmentShape',
  valuesMap: {
    ONE_OFF: { description: 'Done once, possibly by a due date.' },
    RECURRING: { description: 'One occurrence per period, each fulfilled or missed on its own.' },
    STANDING: { description: 'Fulfilled once and stays fulfilled.' },
  },
});
