import { createReadStream } from 'node:fs';
import { KeyObject } from 'node:crypto';
import { createInterface } from 'node:readline';
import { StoredEvent } from '../events/stored-event';
import { MACHINE_VERSION } from '../machines/convention.machine';
import { ConventionDefinition } from '../machines/definition';
import { Checkpoint, keyIdOf, publicKeyFromPem, verifyCheckpointSignature } from './checkpoint';
import { EXPORT_FORMAT, ExportedEvent, fromExportedEvent } from './export';
import { MerkleAccumulator, verifyInclusion } from './merkle';
import { replay } from './replay';

/**
 * Verifies an export with no server and no database: every convention's hash chain and
 * replay through the machine (every guard, for the party that acted), the dense log index,
 * the Merkle root and signature of every checkpoint in it, their consistency, and any
 * checkpoint a party kept from an earlier day. Stops at the first problem and names it.
 */

export interface VerifyOptions {
  /** Checkpoints kept by a party (each must still hold for this export). */
  keptCheckpoints?: Checkpoint[];
  /** The key the auditor trusts; without it the export's own key is used (and said so). */
  publicKeyPem?: string;
}

export interface VerifyProblem {
  conventionId?: string;
  version?: number;
  logIndex?: number;
  reason: string;
}

export interface VerifyReport {
  ok: boolean;
  problem: VerifyProblem | null;
  conventions: number;
  events: number;
  checkpoints: number;
  keptCheckpoints: number;
  trustedKey: 'given' | 'from-export';
  lines: string[];
}

interface ExportHeader {
  scope: string;
  logSize: number;
  conventionId: string | null;
}

class Failure extends Error {
  constructor(readonly problem: VerifyProblem) {
    super(problem.reason);
  }
}

function fail(problem: VerifyProblem): never {
  throw new Failure(problem);
}

export async function verifyExport(path: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const definitions = new Map<string, ConventionDefinition>();
  const checkpoints: Checkpoint[] = [];
  const hashes: string[] = [];
  const proofs: { sequence: number; checkpointSize: number; proof: string[] }[] = [];
  let header: ExportHeader | null = null;
  let publicKey: KeyObject | null = options.publicKeyPem ? publicKeyFromPem(options.publicKeyPem) : null;
  let exportKeyId: string | null = null;
  let stream: StoredEvent[] = [];
  let conventions = 0;
  let events = 0;
  let ended: number | null = null;

  const closeStream = () => {
    if (!stream.length) return;
    const first = stream[0] as StoredEvent;
    const result = replay(stream, (ref) => definitions.get(ref));
    if (!result.ok)
      fail({ conventionId: first.streamId, version: result.failure.version, reason: result.failure.reason });
    conventions += 1;
    stream = [];
  };

  try {
    const input = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    let lineNumber = 0;
    for await (const text of input) {
      lineNumber += 1;
      if (!text.trim()) continue;
      let record: { type?: string } & Record<string, unknown>;
      try {
        record = JSON.parse(text) as typeof record;
      } catch {
        fail({ reason: `line ${lineNumber} is not JSON` });
      }
      if (ended !== null) fail({ reason: `line ${lineNumber}: content after the end of the export` });
      if (lineNumber === 1 && (record.type !== 'header' || record.format !== EXPORT_FORMAT)) {
        fail({ reason: 'not a Conventio export (no header)' });
      }
      switch (record.type) {
        case 'header':
          header = record as unknown as ExportHeader;
          break;
        case 'publicKey': {
          const exported = publicKeyFromPem(String(record.pem));
          exportKeyId = keyIdOf(exported);
          if (publicKey && keyIdOf(publicKey) !== exportKeyId) {
            fail({
              reason: `the export's public key (${exportKeyId}) is not the trusted key (${keyIdOf(publicKey)})`,
            });
          }
          publicKey ??= exported;
          break;
        }
        case 'definition':
          definitions.set(String(record.ref), record.body as ConventionDefinition);
          break;
        case 'checkpoint': {
          const checkpoint = record as unknown as Checkpoint;
          const previous = checkpoints[checkpoints.length - 1];
          if (previous && checkpoint.size <= previous.size) {
            fail({
              reason: `checkpoint ${checkpoint.size} follows checkpoint ${previous.size}: sizes must grow`,
            });
          }
          if (!publicKey || !verifyCheckpointSignature(checkpoint, publicKey)) {
            fail({ reason: `checkpoint ${checkpoint.size} has an invalid signature` });
          }
          checkpoints.push(checkpoint);
          break;
        }
        case 'event': {
          const event = record as unknown as ExportedEvent;
          events += 1;
          if (event.machineVersion !== MACHINE_VERSION) {
            fail({
              conventionId: event.streamId,
              version: event.version,
              reason: `recorded under machine version ${event.machineVersion}, this verifier runs ${MACHINE_VERSION}`,
            });
          }
          if (stream.length && (stream[0] as StoredEvent).streamId !== event.streamId) closeStream();
          stream.push(fromExportedEvent(event));
          const index = event.sequence - 1;
          if (!Number.isInteger(index) || index < 0 || hashes[index] !== undefined) {
            fail({
              conventionId: event.streamId,
              version: event.version,
              logIndex: index,
              reason: 'log index repeated or invalid',
            });
          }
          hashes[index] = event.hash;
          break;
        }
        case 'proof':
          proofs.push(record as unknown as (typeof proofs)[number]);
          break;
        case 'end':
          ended = Number(record.events);
          break;
        default:
          fail({ reason: `line ${lineNumber}: unknown record type ${String(record.type)}` });
      }
    }
    closeStream();
    if (!header) fail({ reason: 'not a Conventio export (no header)' });
    if (ended === null) fail({ reason: 'the export is truncated (no end record)' });
    if (ended !== events) fail({ reason: `the end record counts ${ended} events, the export has ${events}` });
    if (header.scope === 'log') {
      for (let index = 0; index < Math.max(hashes.length, header.logSize); index += 1) {
        if (hashes[index] === undefined) fail({ logIndex: index, reason: `log index ${index} is missing` });
      }
      if (events !== header.logSize) {
        fail({ reason: `header says ${header.logSize} events, the export has ${events}` });
      }
      // Every checkpoint, and every kept one, must be the root of the log prefix of its size.
      const kept = options.keptCheckpoints ?? [];
      for (const checkpoint of kept) {
        if (!publicKey || !verifyCheckpointSignature(checkpoint, publicKey)) {
          fail({ reason: `kept checkpoint ${checkpoint.size} has an invalid signature` });
        }
      }
      const targets = [
        ...checkpoints.map((c) => ({ c, kept: false })),
        ...kept.map((c) => ({ c, kept: true })),
      ].sort((a, b) => a.c.size - b.c.size);
      const tree = new MerkleAccumulator();
      for (const { c, kept: isKept } of targets) {
        const label = isKept ? 'kept checkpoint' : 'checkpoint';
        if (c.size > hashes.length) {
          fail({
            logIndex: hashes.length,
            reason: `the log has ${hashes.length} events but ${label} ${c.size} was signed: events were removed`,
          });
        }
        while (tree.size < c.size) tree.append(hashes[tree.size] as string);
        if (tree.root() !== c.root) {
          fail({
            reason: `the first ${c.size} events do not match ${label} ${c.size}: the log was rewritten`,
          });
        }
      }
    } else {
      const latest = checkpoints[checkpoints.length - 1];
      // Every event the latest checkpoint covers must prove its inclusion in it.
      const proven = new Set(proofs.map((p) => p.sequence));
      hashes.forEach((_hash, index) => {
        if (latest && index < latest.size && !proven.has(index + 1)) {
          fail({
            logIndex: index,
            reason: `no inclusion proof for an event covered by checkpoint ${latest.size}`,
          });
        }
      });
      for (const proof of proofs) {
        const hash = hashes[proof.sequence - 1];
        if (!latest || proof.checkpointSize !== latest.size || hash === undefined) {
          fail({
            logIndex: proof.sequence - 1,
            reason: 'inclusion proof does not refer to the latest checkpoint',
          });
        }
        if (!verifyInclusion(hash, proof.sequence - 1, latest.size, proof.proof, latest.root)) {
          fail({
            logIndex: proof.sequence - 1,
            reason: `event is not included in checkpoint ${latest.size}`,
          });
        }
      }
      for (const checkpoint of options.keptCheckpoints ?? []) {
        if (!publicKey || !verifyCheckpointSignature(checkpoint, publicKey)) {
          fail({ reason: `kept checkpoint ${checkpoint.size} has an invalid signature` });
        }
      }
    }
    const lines = [
      `export: ${header.scope}${header.conventionId ? ` ${header.conventionId}` : ''}, log size ${header.logSize}`,
      `conventions replayed: ${conventions}, events: ${events}, all hash chains and guards hold`,
      `checkpoints verified: ${checkpoints.length}${options.keptCheckpoints?.length ? `, kept checkpoints: ${options.keptCheckpoints.length}` : ''}`,
      options.publicKeyPem
        ? `signatures checked with the given key ${exportKeyId}`
        : `signatures checked with the export's own key ${exportKeyId} (pass --public-key to pin it)`,
    ];
    return {
      ok: true,
      problem: null,
      conventions,
      events,
      checkpoints: checkpoints.length,
      keptCheckpoints: options.keptCheckpoints?.length ?? 0,
      trustedKey: options.publicKeyPem ? 'given' : 'from-export',
      lines,
    };
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    return {
      ok: false,
      problem: error.problem,
      conventions,
      events,
      checkpoints: checkpoints.length,
      keptCheckpoints: options.keptCheckpoints?.length ?? 0,
      trustedKey: options.publicKeyPem ? 'given' : 'from-export',
      lines: [],
    };
  }
}

export function describeProblem(problem: VerifyProblem): string {
  const where = [
    problem.conventionId ? `convention ${problem.conventionId}` : null,
    problem.version !== undefined ? `version ${problem.version}` : null,
    problem.logIndex !== undefined ? `log index ${problem.logIndex}` : null,
  ].filter(Boolean);
  return `${where.length ? `${where.join(', ')}: ` : ''}${problem.reason}`;
}
