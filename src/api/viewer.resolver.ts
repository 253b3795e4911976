import { Inject, UseGuards } from '@nestjs/common';
import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { DomainError } from '../common/domain-error';
import { Runtime } from '../app/runtime';
import { AuthGuard } from './auth.guard';
import { Role } from './enums';
import { toWorkflow } from './mapping';
import { Viewer, Workflow } from './models';
import { RequestContext } from './request-context';
import { RUNTIME } from './runtime.token';

@Resolver()
@UseGuards(AuthGuard)
export class ViewerResolver {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Query(() => Viewer, { description: 'Who the token belongs to.' })
  me(@Context() ctx: RequestContext): Viewer {
    const actor = ctx.actor!;
    const party = actor.partyId
      ? this.runtime.registry
          .current()
          .flatMap((d) => d.parties)
          .find((p) => p.id === actor.partyId)
      : undefined;
    return {
      id: actor.userId,
      name: actor.name,
      role: actor.role as Role,
      party: actor.partyId
        ? {
            id: actor.partyId,
            name: party?.name ?? actor.partyId,
            shortName: party?.shortName ?? actor.partyId,
          }
        : null,
    };
  }

  @Query(() => [Workflow], { description: 'The current version of every definition in workflows/.' })
  workflows(): Workflow[] {
    return this.runtime.registry.current().map(toWorkflow);
  }

  @Query(() => Workflow)
  workflow(@Args('id', { type: () => ID }) id: string): Workflow {
    const definition = this.runtime.registry.latest(id);
    if (!definition) throw new DomainError('NOT_FOUND', `no workflow ${id}`);
    return toWorkflow(definition);
  }
}
