import { Field, ID, InputType } from '@nestjs/graphql';
import { ContactLanguage } from './contact-language.enum';
import { ContactMessageKind } from './contact-message-kind.enum';

@InputType()
export class AddContactInput {
  @Field(() => ID) partyId!: string;
  @Field() name!: string;
  @Field() email!: string;
  @Field(() => ContactLanguage, { nullable: true, description: 'Defaults to FR.' })
  language?: ContactLanguage | null;
  @Field(() => [ContactMessageKind], { nullable: true, description: 'Defaults to NOTICES and REMINDERS.' })
  kinds?: ContactMessageKind[] | null;
}
