import { Field, ID, ObjectType } from '@nestjs/graphql';
import { CommitmentShape } from '../workflows/commitment-shape.enum';
import { CommitmentStatus } from './commitment-status.enum';
import { Confirmation } from './confirmation.model';
import { Occurrence } from './occurrence.model';
import { localDescription } from '../local-time';

@ObjectType()
export class Commitment {
  @Field(() => ID, { description: '<conventionId>:<key>' }) id!: string;
  @Field(() => ID) conventionId!: string;
  @Field(() => ID, { description: 'The commitment id within its definition.' }) key!: string;
  @Field(() => ID, {
    description:
      '`<conventionId>:<key of its first version>`: the same for every version of the commitment (`key`, `key.v2`, `key.v3`…), for a client to follow it across amendments. `commitment(lineageId:)` answers its current version, `versions` every one.',
  })
  lineageId!: string;
  @Field() article!: string;
  @Field() title!: string;
  @Field() text!: string;
  @Field(() => [ID]) owners!: string[];
  @Field(() => CommitmentShape) shape!: CommitmentShape;
  @Field(() => CommitmentStatus, {
    description:
      'SCHEDULED until it starts, IN_EFFECT while owed, then FULFILLED, VIOLATED, WAIVED (by an amendment) or TERMINATED (with the convention). LAPSED: it arises only if the convention ends in a given way (`terms.onlyIfEndedBy`) and it ended otherwise, so it never arose and is not owed.',
  })
  status!: CommitmentStatus;
  @Field(() => String, { nullable: true }) startedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Due date, or end of the current occurrence.' })
  dueOn!: string | null;
  @Field(() => String, { nullable: true }) fulfilledAt!: string | null;
  @Field(() => String, { nullable: true, description: localDescription('fulfilledAt', true) })
  fulfilledAtLocal!: string | null;
  @Field(() => [Confirmation], { description: 'Owners that confirmed the pending or last fulfilment.' })
  confirmations!: Confirmation[];
  @Field(() => [Occurrence]) occurrences!: Occurrence[];
  @Field({
    description:
      'In effect and past its due date (by the server clock); for a recurring commitment, also while its last period was missed and the current one is not fulfilled.',
  })
  overdue!: boolean;
  @Field({ description: 'Paused by a force-majeure suspension.' }) suspended!: boolean;
  @Field(() => String, { nullable: true, description: 'The committee whose meetings fulfil it.' })
  committee!: string | null;
  @Field(() => ID, { nullable: true, description: 'The previous version, replaced by an amendment.' })
  supersedes!: string | null;
  @Field(() => ID, { nullable: true, description: 'The version that replaced this one.' })
  supersededBy!: string | null;
  @Field(() => ID, { nullable: true, description: 'The amendment that added or changed it.' })
  amendmentId!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Last day it stays in effect after the convention ended; null before the end, when it does not survive, or when it survives without a limit (`survivesWithoutLimit`).',
  })
  survivesUntil!: string | null;
  @Field({
    description:
      'The convention ended and this commitment stays in effect for good (`survives: unlimited`, a confidentiality with no end): no SURVIVAL_END, `survivesUntil` null, an owner may reopen it. False before the end and for every other commitment.',
  })
  survivesWithoutLimit!: boolean;
  @Field(() => ID, {
    nullable: true,
    description:
      'A commitment that comes `after` another (« à compter de leur remise »): the key of that commitment (its current version) while this one waits for it to be fulfilled. The status is then SCHEDULED: nothing is due, reminded or VIOLATED, and MARK_DONE is refused (INVALID_TRANSITION). Once the other is fulfilled, this one is IN_EFFECT, due `due` after that day. Null otherwise.',
  })
  waitingFor!: string | null;
  @Field({
    description:
      'Rules v4: what it owes now (a one-off, or the open occurrence) fell due before the convention was signed, or within the grace after it (a convention in force before its signature): `dueOn` is the last day of the grace (`TermRule.graceAfterSignature`, a month by default) and `dueUnderTermsOn` the date its terms gave. False otherwise.',
  })
  late!: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      'A late commitment (`late`): the due date its terms gave, before the signature. Null otherwise.',
  })
  dueUnderTermsOn!: string | null;

  /** Recomputed for a past instant: nothing can be done on it. */
  historic?: boolean;
}
