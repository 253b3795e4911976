import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'What an admin should know about notifications.' })
export class NotificationStatus {
  @Field({ description: 'Whether SMTP_URL is set: without it e-mail is kept as UNDELIVERABLE.' })
  emailConfigured!: boolean;
  @Field(() => [ID], { description: 'Parties of the definitions that have no contact.' })
  partiesWithoutContact!: string[];
  @Field(() => Int) pending!: number;
  @Field(() => Int) dead!: number;
  @Field(() => Int) undeliverable!: number;
}
