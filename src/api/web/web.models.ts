import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum DiagramFormat {
  MERMAID = 'MERMAID',
  SCXML = 'SCXML',
  SVG = 'SVG',
}

registerEnumType(DiagramFormat, {
  name: 'DiagramFormat',
  description: 'How a lifecycle diagram is written: Mermaid stateDiagram-v2, W3C SCXML, or laid-out SVG.',
});

@ObjectType({ description: 'What giving notice now would do, computed by the machine; nothing is written.' })
export class NoticePreview {
  @Field({ description: 'Whether your party may give notice now.' }) allowed!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'The day the termination would take effect if notice were given now (YYYY-MM-DD).',
  })
  effectiveOn!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Last day a notice prevents the tacit renewal of the current term.',
  })
  noticeDeadline!: string | null;
  @Field(() => String, { nullable: true, description: 'Why notice may not be given now.' })
  reason!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The day the current term renews if nobody gives notice by the deadline.',
  })
  renewsTacitlyOn!: string | null;
}

@ObjectType({ description: 'What happens when a deadline passes and nobody has acted.' })
export class DeadlineConsequence {
  @Field({
    description:
      'TACIT_RENEWAL, TERMINATION, TERMINATION_RIGHT (a party may then terminate), EXPIRY, COMMITMENT_OVERDUE, ENTRY_INTO_FORCE, EVALUATION_OPENS, OTHER.',
  })
  kind!: string;
  @Field(() => String, { nullable: true, description: 'The day it happens (YYYY-MM-DD), when known.' })
  on!: string | null;
  @Field({ description: 'In French, as the convention would say it: « renouvelée tacitement le … ».' })
  text!: string;
}
