export { machineGraph, statePath } from './machine-graph';
export type { DiagramState, DiagramTransition, MachineGraph } from './machine-graph';
export { renderDiagram } from './render';
export type { DiagramFormat, DiagramOptions } from './render';
