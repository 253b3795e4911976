import { Field, ID, InputType } from '@nestjs/graphql';
import { MutationInput } from '../mutation-input';

@InputType()
export class CreateConventionInput extends MutationInput {
  @Field(() => ID, { description: 'Id of a definition in workflows/.' }) workflowId!: string;
  @Field(() => String, { nullable: true, description: 'Defaults to the definition title.' })
  title?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Effective date agreed in the text (YYYY-MM-DD); by default the definition's `term.startsOn`, else the date of the last signature. When the definition states `term.startsOn`, only that date is accepted (BAD_USER_INPUT otherwise).",
  })
  effectiveOn?: string | null;
  @Field(() => [ID], {
    nullable: true,
    description:
      "Ids of the definition's options (`Workflow.options`) chosen for this convention: their commitments exist in it, those of the other options do not. Default: none. An unknown id: BAD_USER_INPUT naming the valid options, nothing created.",
  })
  options?: string[] | null;
}
