import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "The public half of the server's checkpoint-signing key." })
export class AuditKey {
  @Field() algorithm!: string;
  @Field() keyId!: string;
  @Field() publicKeyPem!: string;
}
