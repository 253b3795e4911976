import { registerEnumType } from '@nestjs/graphql';
import { VISIBILITIES, Visibility as DomainVisibility } from '../../machines/definition';
import { graphqlEnum } from '../graphql-enum';

export const Visibility = graphqlEnum(VISIBILITIES);
export type Visibility = DomainVisibility;
registerEnumType(Visibility, {
  name: 'Visibility',
  description: 'Who may read the conventions of a definition (acting is for their parties either way).',
  valuesMap: {
    PARTIES: { description: 'Representatives of their parties, auditors and admins.' },
    PUBLIC: { description: 'Every representative, auditors and admins.' },
  },
});
