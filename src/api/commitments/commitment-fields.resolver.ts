import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CommitmentAction } from './commitment-action.enum';
import { Commitment } from './commitment.model';
import { Convention } from '../conventions/convention.model';
import { ConventionReader } from '../read/convention-reader';
import { RequestContext } from '../request-context';
import { CommitmentDefinition } from '../workflows/commitment-definition.model';

@Resolver(() => Commitment)
export class CommitmentFieldsResolver {
  constructor(private readonly reader: ConventionReader) {}

  @ResolveField(() => [CommitmentAction], { description: 'What you may do on this commitment now.' })
  async allowedActions(
    @Parent() commitment: Commitment,
    @Context() ctx: RequestContext,
  ): Promise<CommitmentAction[]> {
    if (commitment.historic) return [];
    const allowed = await ctx.loaders.allowedActions.load(commitment.conventionId);
    return (allowed?.commitments[commitment.key] ?? []) as CommitmentAction[];
  }

  @ResolveField(() => CommitmentDefinition, {
    description:
      "Its clause in force: the definition's, as the amendments that made this version changed it (due, every, dueFrom, dueEachYearOn, survives, owners…), read without replaying them. `key` is this version's.",
  })
  async terms(
    @Parent() commitment: Commitment,
    @Context() ctx: RequestContext,
  ): Promise<CommitmentDefinition> {
    return this.reader.termsOf(ctx.loaders, commitment);
  }

  @ResolveField(() => [Commitment], {
    description: 'Every version of this commitment (its lineage), first to current, as they stand now.',
  })
  async versions(@Parent() commitment: Commitment, @Context() ctx: RequestContext): Promise<Commitment[]> {
    return this.reader.versions(ctx.loaders, commitment.lineageId);
  }

  @ResolveField(() => Convention)
  async convention(@Parent() commitment: Commitment, @Context() ctx: RequestContext): Promise<Convention> {
    return this.reader.readable(ctx.loaders, commitment.conventionId);
  }
}
