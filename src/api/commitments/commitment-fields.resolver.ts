import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CommitmentAction } from './commitment-action.enum';
import { Commitment } from './commitment.model';
import { Convention } from '../conventions/convention.model';
import { ConventionReader } from '../read/convention-reader';
import { RequestContext } from '../request-context';

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

  @ResolveField(() => Convention)
  async convention(@Parent() commitment: Commitment, @Context() ctx: RequestContext): Promise<Convention> {
    return this.reader.readable(ctx.loaders, commitment.conventionId);
  }
}
