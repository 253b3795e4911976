import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    "An optional section of the text, chosen (or not) when a convention is created (« Le bénéficiaire peut adhérer au programme … ; dans ce cas il s'engage à … »).",
})
export class OptionClause {
  @Field(() => ID, { description: 'What `createConvention(input: { options })` names.' }) id!: string;
  @Field() title!: string;
  @Field({ description: 'The clause in the words of the source text.' }) text!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => [ID], {
    description:
      'Keys of the commitments it brings: they exist only in the conventions created with it chosen.',
  })
  commitments!: string[];
}
