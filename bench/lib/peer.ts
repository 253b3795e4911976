import { Engine } from 'bpmn-engine';
import { performance } from 'node:perf_hooks';
import { Workflow } from './seed';

/**
 * The peer: bpmn-engine running, in this process, the process equivalent to a convention's
 * commitments (see bench/README.md). One instance per convention; one user task per
 * commitment, all open at once between a parallel split and join; one `signal` per
 * commitment, each followed by `getState()` serialised with JSON.stringify (what a service
 * would store to survive a restart).
 */
export function bpmnProcess(workflow: Workflow): string {
  const id = (key: string) => `c_${key.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const tasks = workflow.commitments
    .map(
      (c) => `
    <userTask id="${id(c.key)}" name="${c.key} (${c.owners.join(', ')})" />
    <sequenceFlow id="in_${id(c.key)}" sourceRef="split" targetRef="${id(c.key)}" />
    <sequenceFlow id="out_${id(c.key)}" sourceRef="${id(c.key)}" targetRef="join" />`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="def_${id(workflow.id)}"
  targetNamespace="http://bpmn.io/schema/bpmn">
  <process id="proc_${id(workflow.id)}" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="to_split" sourceRef="start" targetRef="split" />
    <parallelGateway id="split" />${tasks}
    <parallelGateway id="join" />
    <sequenceFlow id="to_end" sourceRef="join" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;
}

export interface PeerResult {
  instances: number;
  signals: number;
  /** Time spent in signal + getState + JSON.stringify only. */
  signalSeconds: number;
  /** Of which in `signal` alone. */
  signalOnlySeconds: number;
  signalsPerSecond: number;
  /** Including parsing the source and starting each instance. */
  wallSeconds: number;
  wallSignalsPerSecond: number;
  /** Mean size of a saved state. */
  stateBytes: number;
}

/** Runs instances, cycling through the definitions, for about `seconds`. */
export async function runPeer(workflows: Workflow[], seconds: number): Promise<PeerResult> {
  const sources = workflows.map((w) => ({ workflow: w, source: bpmnProcess(w) }));
  let instances = 0;
  let signals = 0;
  let signalMs = 0;
  let signalOnlyMs = 0;
  let stateBytes = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const { workflow, source } = sources[instances % sources.length]!;
    const engine = new Engine({ name: `convention-${instances}`, source });
    const execution = await engine.execute();
    const waiting = new Set(execution.getPostponed().map((api) => api.id));
    for (const commitment of workflow.commitments) {
      const taskId = `c_${commitment.key.replace(/[^A-Za-z0-9_]/g, '_')}`;
      if (!waiting.has(taskId)) throw new Error(`user task ${taskId} is not waiting`);
      const t0 = performance.now();
      execution.signal({
        id: taskId,
        partyId: commitment.owners[0],
        note: 'bench',
        evidenceUrl: 'https://example.org/evidence',
      });
      signalOnlyMs += performance.now() - t0;
      const saved = JSON.stringify(await engine.getState());
      signalMs += performance.now() - t0;
      stateBytes += saved.length;
      signals += 1;
    }
    if (engine.state !== 'idle' || execution.getPostponed().length) {
      throw new Error(`instance ${instances} did not complete (${engine.state})`);
    }
    instances += 1;
  }
  const wallSeconds = (performance.now() - started) / 1000;
  return {
    instances,
    signals,
    signalSeconds: signalMs / 1000,
    signalOnlySeconds: signalOnlyMs / 1000,
    signalsPerSecond: signals / (signalMs / 1000),
    wallSeconds,
    wallSignalsPerSecond: signals / wallSeconds,
    stateBytes: Math.round(stateBytes / (signals || 1)),
  };
}
