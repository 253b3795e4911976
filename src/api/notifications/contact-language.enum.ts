import { registerEnumType } from '@nestjs/graphql';
import { Language, LANGUAGES } from '../../notifications/contact';
import { graphqlEnum } from '../graphql-enum';

export const ContactLanguage = graphqlEnum(LANGUAGES);
export type ContactLanguage = Language;
registerEnumType(ContactLanguage, { name: 'ContactLanguage' });
