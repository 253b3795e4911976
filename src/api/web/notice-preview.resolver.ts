import { Inject, UseGuards } from '@nestjs/common';
import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { Runtime } from '../../app/runtime';
import { DomainError } from '../../common/domain-error';
import { previewNotice } from '../../conventions/notice-preview';
import { Actor, isRepresentativeOf } from '../../machines/actor';
import { AuthGuard } from '../auth.guard';
import { RequestContext } from '../request-context';
import { RUNTIME } from '../runtime.token';
import { NoticePreview } from './web.models';

@Resolver()
@UseGuards(AuthGuard)
export class NoticePreviewResolver {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Query(() => NoticePreview, {
    description:
      "What giving notice now would do for your party: the machine's answer on a copy of the convention, nothing written. Representatives of its parties only.",
  })
  async noticePreview(
    @Args('conventionId', { type: () => ID }) conventionId: string,
    @Context() ctx: RequestContext,
  ): Promise<NoticePreview> {
    const actor = ctx.actor as Actor;
    // Whoever may not read the convention learns nothing of it, as for an unknown id.
    const convention = await ctx.loaders.convention.load(conventionId);
    if (!convention) throw new DomainError('NOT_FOUND', `no convention ${conventionId}`);
    if (
      !isRepresentativeOf(
        actor,
        convention.parties.map((p) => p.id),
      )
    ) {
      throw new DomainError(
        'FORBIDDEN',
        'only a representative of a party of this convention may give notice',
      );
    }
    const { conventionRepository, conventions, db, clock } = this.runtime;
    const row = await conventionRepository.findConvention(db.read, conventionId);
    if (!row) throw new DomainError('NOT_FOUND', `no convention ${conventionId}`);
    return previewNotice(conventions.definitionOf(row), JSON.parse(row.snapshot), actor, clock.nowIso());
  }
}
