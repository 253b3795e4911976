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
}
