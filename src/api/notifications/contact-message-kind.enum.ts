import { registerEnumType } from '@nestjs/graphql';
import { MESSAGE_KINDS, MessageKind } from '../../notifications/contact';
import { graphqlEnum } from '../graphql-enum';

export const ContactMessageKind = graphqlEnum(MESSAGE_KINDS);
export type ContactMessageKind = MessageKind;
registerEnumType(ContactMessageKind, {
  name: 'ContactMessageKind',
  description:
    'NOTICES: what happened to a convention; REMINDERS: deadlines ahead; WEEKLY_DIGEST: notices gathered in one e-mail a week (weeks from Monday, UTC) instead of one each.',
});
