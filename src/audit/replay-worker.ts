import { parentPort } from 'node:worker_threads';
import { ConventionDefinition } from '../machines/definition';
import type { BatchResult, PoolMessage } from './replay-pool';
import { replay } from './replay';

/**
 * A replay thread of the offline verifier (replay-pool.ts): the definitions as the export
 * declared them, then batches of whole streams, each replayed from its creation with one
 * machine, exactly as the verifier replays them in one thread. Answers which streams failed.
 */

const definitions = new Map<string, ConventionDefinition>();
const lookup = (ref: string) => definitions.get(ref);

parentPort?.on('message', (message: PoolMessage) => {
  if (message.type === 'definition') {
    definitions.set(message.ref, message.body);
    return;
  }
  const result: BatchResult = {
    first: message.first,
    count: message.streams.length,
    events: 0,
    failures: [],
  };
  message.streams.forEach((stream, offset) => {
    result.events += stream.length;
    const replayed = replay(stream, lookup);
    if (!replayed.ok) result.failures.push({ offset, ...replayed.failure });
  });
  parentPort?.postMessage(result);
});
