import { UseGuards } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { DomainError } from '../../common/domain-error';
import { Actor } from '../../machines/actor';
import { DefinitionRegistry } from '../../workflows/definition-registry';
import { AuthGuard } from '../auth.guard';
import { CurrentActor } from '../current-actor.decorator';
import { Role } from './role.enum';
import { toWorkflow } from '../mapping';
import { Viewer } from './viewer.model';
import { Workflow } from '../workflows/workflow.model';

@Resolver()
@UseGuards(AuthGuard)
export class ViewerResolver {
  constructor(private readonly registry: DefinitionRegistry) {}

  @Query(() => Viewer, { description: 'Who the token belongs to.' })
  me(@CurrentActor() actor: Actor): Viewer {
    const party = actor.partyId
      ? this.registry
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
    return this.registry.current().map(toWorkflow);
  }

  @Query(() => Workflow)
  workflow(@Args('id', { type: () => ID }) id: string): Workflow {
    const definition = this.registry.latest(id);
    if (!definition) throw new DomainError('NOT_FOUND', `no workflow ${id}`);
    return toWorkflow(definition);
  }
}
