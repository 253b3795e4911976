import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError } from '../../common/domain-error';
import { machineGraph, MachineGraph } from '../../diagrams/machine-graph';
import type { DiagramOptions } from '../../diagrams/render';
import { machineFor } from '../../machines/convention.engine';
import { MACHINE_VERSION } from '../../machines/rules-version';
import { ConventionDefinition, definitionRef } from '../../machines/definition';
import { Convention } from '../conventions/convention.model';
import { Workflow } from '../workflows/workflow.model';
import { DefinitionRegistry } from '../../workflows/definition-registry';
import { DiagramFormat } from './web.models';

/** The machine's state each status is read from (convention.view's conventionStatus, reversed). */
const STATE_OF_STATUS: Readonly<Record<string, string>> = {
  DRAFT: 'draft',
  SIGNED: 'signed',
  ACTIVE: 'inForce.active',
  EVALUATED: 'inForce.evaluated',
  RENEWED: 'inForce.renewed',
  SUSPENDED: 'inForce.suspended',
  TERMINATED: 'terminated',
};

const graphs = new Map<string, MachineGraph>();

/** One graph per definition version: the machine is built once, so is its graph. */
function graphOf(definition: ConventionDefinition): MachineGraph {
  const ref = definitionRef(definition);
  let graph = graphs.get(ref);
  if (!graph) {
    graph = machineGraph(machineFor(definition, MACHINE_VERSION));
    graphs.set(ref, graph);
  }
  return graph;
}

function definitionOf(registry: DefinitionRegistry, id: string, version: number): ConventionDefinition {
  const definition = registry.byReference(`${id}@${version}`);
  if (!definition) throw new DomainError('NOT_FOUND', `no workflow ${id}@${version}`);
  return definition;
}

/** dagre (the SVG layout) is loaded with the first diagram asked for, not at start (issue 17, idle memory). */
async function render(
  definition: ConventionDefinition,
  format: DiagramFormat,
  options: DiagramOptions,
): Promise<string> {
  const { renderDiagram } = await import('../../diagrams/render');
  return renderDiagram(graphOf(definition), format, options);
}

const DIAGRAM_ARG = { name: 'format', type: () => DiagramFormat } as const;

@Resolver(() => Workflow)
export class WorkflowDiagramResolver {
  constructor(private readonly registry: DefinitionRegistry) {}

  @ResolveField(() => String, {
    description: "The lifecycle of this definition's conventions, drawn from its state machine.",
  })
  diagram(@Parent() workflow: Workflow, @Args(DIAGRAM_ARG) format: DiagramFormat): Promise<string> {
    const definition = definitionOf(this.registry, workflow.id, workflow.version);
    return render(definition, format, {
      title: definition.title,
      name: definition.id,
      idSuffix: `${definition.id}-${definition.version}`,
    });
  }
}

@Resolver(() => Convention)
export class ConventionDiagramResolver {
  constructor(private readonly registry: DefinitionRegistry) {}

  @ResolveField(() => String, {
    description:
      "The convention's lifecycle, drawn from its state machine, with its current state highlighted (SVG class `current`, Mermaid class `current`, SCXML `initial`).",
  })
  diagram(@Parent() convention: Convention, @Args(DIAGRAM_ARG) format: DiagramFormat): Promise<string> {
    const definition = definitionOf(this.registry, convention.workflowId, convention.workflowVersion);
    return render(definition, format, {
      title: convention.title,
      name: definition.id,
      idSuffix: convention.id,
      current: STATE_OF_STATUS[convention.status] ?? null,
    });
  }
}
