import { registerEnumType } from '@nestjs/graphql';
import { AMENDMENT_KINDS, AmendmentKind as DomainAmendmentKind } from '../../machines/convention.events';
import { graphqlEnum } from '../graphql-enum';

export const AmendmentKind = graphqlEnum(AMENDMENT_KINDS);
export type AmendmentKind = DomainAmendmentKind;
registerEnumType(AmendmentKind, { name: 'AmendmentKind' });
