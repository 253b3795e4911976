import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ContactLanguage } from './contact-language.enum';
import { ContactMessageKind } from './contact-message-kind.enum';

@ObjectType({ description: 'Someone at a party who receives e-mail about its conventions.' })
export class Contact {
  @Field(() => ID) id!: string;
  @Field(() => ID) partyId!: string;
  @Field() name!: string;
  @Field() email!: string;
  @Field(() => ContactLanguage) language!: ContactLanguage;
  @Field(() => [ContactMessageKind]) kinds!: ContactMessageKind[];
  @Field() createdAt!: string;
}
