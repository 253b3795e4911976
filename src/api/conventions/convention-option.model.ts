import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "One of its definition's options, and whether it was chosen at creation." })
export class ConventionOption {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field({
    description:
      'Chosen when the convention was created: its commitments are in the convention; not chosen, they do not exist in it.',
  })
  chosen!: boolean;
}
