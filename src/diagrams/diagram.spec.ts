import { machineFor } from '../machines/convention.engine';
import { MACHINE_VERSION } from '../machines/rules-version';
import { loadDefinitions } from '../workflows/load-definitions';
import { stateLabel, transitionLabel } from './labels';
import { machineGraph } from './machine-graph';
import { renderDiagram } from './render';

const definitions = loadDefinitions('workflows').map((loaded) => loaded.definition);
const halde = definitions.find((d) => d.id === 'halde-amf-2010')!;
const options = { title: 'HALDE <&> "AMF"', name: 'halde-amf-2010', idSuffix: 'conv-1' };

describe('diagrams drawn from the convention machine', () => {
  it.each(definitions.map((d) => [d.id, d] as const))(
    '%s: every state node and every state-changing transition of the machine, in words',
    (_id, definition) => {
      const machine = machineFor(definition, MACHINE_VERSION);
      const graph = machineGraph(machine);
      const ids = new Set(graph.states.map((s) => s.id));
      // Each state node of the machine, found by its id, is in the graph.
      for (const id of ids) expect(machine.getStateNodeById(`convention.${id}`)).toBeDefined();
      expect([...ids].sort()).toEqual(
        [
          'draft',
          'signed',
          'inForce',
          'inForce.active',
          'inForce.evaluated',
          'inForce.renewed',
          'inForce.suspended',
          'terminated',
        ].sort(),
      );
      for (const t of graph.transitions) {
        expect(ids.has(t.from) && ids.has(t.to)).toBe(true);
        // A wording for each: none falls back to the event's name or to the generic one.
        expect(transitionLabel(t)).not.toMatch(/^[A-Z_]+$|condition est remplie/);
      }
      for (const state of graph.states) expect(stateLabel(state.key)).not.toBe(state.key);
      expect(graph.initial).toBe('draft');
      expect(graph.states.find((s) => s.id === 'inForce')!.initial).toBe('inForce.active');
    },
  );

  it('leaves out what keeps the state (a signature recorded in a draft) and keeps what changes it', () => {
    const { transitions } = machineGraph(machineFor(halde, MACHINE_VERSION));
    expect(transitions.some((t) => t.event === 'SIGNATURE_GIVEN')).toBe(false);
    expect(transitions).toContainEqual({
      from: 'draft',
      to: 'signed',
      event: null,
      guards: ['everySignatoryHasSigned'],
    });
    expect(transitions).toContainEqual({
      from: 'inForce.active',
      to: 'inForce.renewed',
      event: 'NOTICE_DEADLINE_PASSED',
      guards: [],
    });
  });

  it('highlights only a state the machine has', () => {
    const graph = machineGraph(machineFor(halde, MACHINE_VERSION));
    const mermaid = renderDiagram(graph, 'MERMAID', { ...options, current: 'inForce.renewed' });
    expect(mermaid).toContain('  class inForce_renewed current\n');
    expect(renderDiagram(graph, 'MERMAID', { ...options, current: 'nowhere' })).not.toContain('class ');
    expect(renderDiagram(graph, 'SCXML', { ...options, current: 'nowhere' })).toContain('initial="draft"');
    const svg = renderDiagram(graph, 'SVG', { ...options, current: 'terminated' });
    expect(svg.match(/class="state current"/g)).toEqual(['class="state current"']);
    expect(svg).toContain('data-state="terminated" aria-current="true"');
  });

  it('escapes the title in XML and keeps Mermaid lines whole', () => {
    const graph = machineGraph(machineFor(halde, MACHINE_VERSION));
    const svg = renderDiagram(graph, 'SVG', options);
    expect(svg).toContain(
      '<title id="diagram-conv-1-title">Cycle de vie : HALDE &lt;&amp;&gt; &quot;AMF&quot;</title>',
    );
    expect(svg.match(/<g /g)!.length).toBe(svg.match(/<\/g>/g)!.length);
    // A comment holds any text but `--`.
    expect(renderDiagram(graph, 'SCXML', options)).toContain('<!-- HALDE <&> "AMF" -->');
    expect(renderDiagram(graph, 'MERMAID', options)).toContain('title: "HALDE <&> \\"AMF\\""');
  });

  it('lays a graph out once: the second drawing reuses the layout', () => {
    const graph = machineGraph(machineFor(halde, MACHINE_VERSION));
    const first = renderDiagram(graph, 'SVG', options);
    const started = performance.now();
    const second = renderDiagram(graph, 'SVG', { ...options, current: 'draft' });
    expect(performance.now() - started).toBeLessThan(50);
    const geometry = (svg: string) =>
      svg.replace(/ class="state( current)?"| aria-current="true"|<desc.*<\/desc>/g, '');
    expect(geometry(second)).toBe(geometry(first));
  });
});
