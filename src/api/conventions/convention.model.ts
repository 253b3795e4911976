import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Amendment } from '../amendments/amendment.model';
import { Meeting } from '../amendments/meeting.model';
import { Commitment } from '../commitments/commitment.model';
import { Breach } from '../commitments/breach.model';
import { FormalNotice } from '../commitments/formal-notice.model';
import { Party } from '../workflows/party.model';
import { ConventionOption } from './convention-option.model';
import { ConventionRules } from './convention-rules.model';
import { ConventionStatus } from './convention-status.enum';
import { Evaluation } from './evaluation.model';
import { Notice } from './notice.model';
import { Signature } from './signature.model';
import { Suspension } from './suspension.model';
import { Term } from './term.model';
import { Termination } from './termination.model';
import { TerminationRight } from './termination-right.model';
import { localDescription } from '../local-time';

@ObjectType({ description: 'A running convention: a projection of its events.' })
export class Convention {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field(() => ID) workflowId!: string;
  @Field(() => Int) workflowVersion!: number;
  @Field({
    description:
      'The time zone of its definition (IANA name, e.g. Europe/Paris): the one its dates are counted in and its `…AtLocal` fields are written in.',
  })
  timeZone!: string;
  @Field(() => ConventionStatus) status!: string;
  @Field(() => Int, { description: 'Number of events in its history.' }) version!: number;
  @Field() createdAt!: string;
  @Field({ description: localDescription('createdAt') }) createdAtLocal!: string;
  @Field({ description: 'Time of its last event.' }) updatedAt!: string;
  @Field({ description: localDescription('updatedAt') }) updatedAtLocal!: string;
  @Field(() => String, { nullable: true }) effectiveOn!: string | null;
  @Field(() => Term, { nullable: true }) term!: Term | null;
  @Field(() => String, {
    nullable: true,
    description: 'Last day a party can give notice to prevent a tacit renewal of the current term.',
  })
  noticeDeadline!: string | null;
  @Field(() => String, { nullable: true }) terminationEffectiveOn!: string | null;
  @Field(() => Notice, { nullable: true }) notice!: Notice | null;
  @Field(() => [Signature]) signatures!: Signature[];
  @Field(() => Evaluation, { nullable: true }) evaluation!: Evaluation | null;
  @Field(() => String, { nullable: true, description: 'Due date of the evaluation owed now or next.' })
  nextEvaluationDueOn!: string | null;
  @Field(() => [Evaluation], {
    description:
      'The evaluation rounds that are over, oldest first. Once the convention ended, its last round too (also still in `evaluation`), with its submissions and assessments.',
  })
  pastEvaluations!: Evaluation[];
  @Field(() => ConventionRules, { description: 'The rules in force, as amended.' }) rules!: ConventionRules;
  @Field(() => [Amendment]) amendments!: Amendment[];
  @Field(() => [Meeting]) meetings!: Meeting[];
  @Field(() => [FormalNotice]) formalNotices!: FormalNotice[];
  @Field(() => [Breach], { description: 'Breaches of standing duties reported by a creditor party.' })
  breaches!: Breach[];
  @Field(() => Suspension, { nullable: true }) suspension!: Suspension | null;
  @Field(() => Termination, { nullable: true }) termination!: Termination | null;
  @Field(() => TerminationRight, {
    nullable: true,
    description:
      'A right to terminate open now (forceMajeure or breach termination "right"), the first of terminationRights; null: none.',
  })
  terminationRight!: TerminationRight | null;
  @Field(() => [TerminationRight], {
    description:
      'Every right to terminate open now: force majeure first, then breach by the day each opened; empty once the convention ended.',
  })
  terminationRights!: TerminationRight[];
  @Field(() => [Party]) parties!: Party[];
  @Field(() => [ConventionOption], {
    description:
      'Every option of its definition (`Workflow.options`), with `chosen` as recorded when it was created; empty when the definition has none.',
  })
  options!: ConventionOption[];

  /** Persisted machine snapshot, for allowedActions (current conventions only). */
  snapshot!: string | null;
  /** Commitments recomputed with the convention (historic views); loaded otherwise. */
  embeddedCommitments!: Commitment[] | null;
}
