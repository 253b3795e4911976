import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One delivery attempt of an outbox message.' })
export class OutboxAttempt {
  @Field() attemptedAt!: string;
  @Field({ description: 'The instance that tried.' }) instance!: string;
  @Field(() => String, { nullable: true, description: 'Null when the attempt succeeded.' })
  error!: string | null;
}
