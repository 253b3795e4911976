import { Field, ID, ObjectType } from '@nestjs/graphql';
import { AmendmentDiff } from './amendment-diff.model';
import { AmendmentKind } from './amendment-kind.enum';
import { AmendmentSignature } from './amendment-signature.model';
import { AmendmentStatus } from './amendment-status.enum';
import { localDescription } from '../local-time';

@ObjectType({
  description: 'An amendment (avenant): signed by every signatory, applied at its effective date.',
})
export class Amendment {
  @Field(() => ID) id!: string;
  @Field(() => AmendmentKind) kind!: AmendmentKind;
  @Field(() => AmendmentStatus) status!: AmendmentStatus;
  @Field() summary!: string;
  @Field(() => ID) proposedBy!: string;
  @Field() proposedAt!: string;
  @Field({ description: localDescription('proposedAt') }) proposedAtLocal!: string;
  @Field(() => String, { nullable: true, description: 'Null: effective once every signatory signed.' })
  effectiveOn!: string | null;
  @Field({ description: 'The proposed changes as canonical JSON.' }) changes!: string;
  @Field(() => [AmendmentSignature]) signatures!: AmendmentSignature[];
  @Field(() => [ID]) pendingSignatories!: string[];
  @Field(() => String, { nullable: true }) settledAt!: string | null;
  @Field(() => String, { nullable: true, description: localDescription('settledAt', true) })
  settledAtLocal!: string | null;
  @Field(() => AmendmentDiff, { nullable: true }) diff!: AmendmentDiff | null;
}
