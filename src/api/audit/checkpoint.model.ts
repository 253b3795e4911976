import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A signed commitment to the first `size` events of the log.' })
export class Checkpoint {
  @Field() origin!: string;
  @Field(() => Int) size!: number;
  @Field({ description: 'RFC 6962 Merkle root (hex) over the event hashes in log order.' }) root!: string;
  @Field() issuedAt!: string;
  @Field() keyId!: string;
  @Field({ description: 'Ed25519 signature (base64) over `signedText`.' }) signature!: string;
  @Field({ description: 'origin, size and base64 root, one per line: the bytes that are signed.' })
  signedText!: string;
  @Field({ description: 'The checkpoint as a file a party keeps (for the offline verifier).' }) file!: string;
}
