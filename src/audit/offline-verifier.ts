import { createReadStream } from 'node:fs';
import { KeyObject } from 'node:crypto';
import { createInterface } from 'node:readline';
import { StoredEvent } from '../events/stored-event';
import { isRulesVersion, MACHINE_VERSION } from '../machines/rules-version';
import { ConventionDefinition } from '../machines/definition';
import { Checkpoint, keyIdOf, publicKeyFromPem, verifyCheckpointSignature } from './checkpoint';
import { EXPORT_FORMAT, ExportedEvent, fromExportedEvent } from './export-format';
import { MerkleAccumulator, verifyInclusion } from './merkle';
import { replay } from './replay';
import { ReplayPool, replayThreads } from './replay-pool';

/**
 * Verifies an export with no server and no database: every convention's hash chain and
 * replay through the machine (every guard, for the party that acted), the dense log index,
 * the Merkle root and signature of every checkpoint in it, their consistency, and any
 * checkpoint a party kept from an earlier day. Stops at the first problem and names it.
 *
 * A large export's conventions are replayed on worker threads (replay-pool.ts) while the file
 * is read: the report, and the problem named, are those of one thread reading in order.
 */

export interface VerifyOptions {
  /** Checkpoints kept by a party (each must still hold for this export). */
  keptCheckpoints?: Checkpoint[];
  /** The key the auditor trusts; without it the export's own key is used (and said so). */
  publicKeyPem?: string;
  /**
   * Threads replaying conventions: 0 replays in this thread; by default one per core for an
   * export of 2,000 events or more (none for a smaller one).
   */
  threads?: number;
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

type ExportRecord = { type?: string } & Record<string, unknown>;

interface InclusionProof {
  sequence: number;
  checkpointSize: number;
  proof: string[];
}

interface ClosedStream {
  streamId: string;
  events: number;
  checkpoints: number;
}

/** What reading the export gathers, line by line; the counts stay readable when a check fails. */
class Reading {
  readonly definitions = new Map<string, ConventionDefinition>();
  readonly checkpoints: Checkpoint[] = [];
  readonly hashes: string[] = [];
  readonly proofs: InclusionProof[] = [];
  header: ExportHeader | null = null;
  publicKey: KeyObject | null;
  exportKeyId: string | null = null;
  stream: StoredEvent[] = [];
  conventions = 0;
  events = 0;
  ended: number | null = null;
  pool: ReplayPool | null = null;
  private threads: number | null = null;
  /** Where reading stood as each convention handed to a thread was closed. */
  private readonly closed: ClosedStream[] = [];
  private checkpointsRead: number | null = null;

  constructor(readonly options: VerifyOptions) {
    this.publicKey = options.publicKeyPem ? publicKeyFromPem(options.publicKeyPem) : null;
  }

  /** Replays the convention read so far through the machine (its hash chain and its guards). */
  closeStream(): void {
    if (!this.stream.length) return;
    const first = this.stream[0] as StoredEvent;
    const pool = this.replayPool();
    if (pool) {
      this.closed.push({
        streamId: first.streamId,
        events: this.events,
        checkpoints: this.checkpoints.length,
      });
      pool.submit(this.stream);
    } else {
      const result = replay(this.stream, (ref) => this.definitions.get(ref));
      if (!result.ok)
        fail({
          conventionId: first.streamId,
          version: result.failure.version,
          reason: result.failure.reason,
        });
    }
    this.conventions += 1;
    this.stream = [];
  }

  define(ref: string, body: ConventionDefinition): void {
    this.definitions.set(ref, body);
    this.pool?.define(ref, body);
  }

  /**
   * Waits for the conventions handed to threads; fails as reading in order would have failed
   * when the first of them that fails was closed (with the counts read by then).
   */
  async settleReplays(): Promise<void> {
    const first = this.pool ? await this.pool.settle() : null;
    if (!first) return;
    const closed = this.closed[first.index] as ClosedStream;
    this.conventions = first.index;
    this.events = closed.events;
    this.checkpointsRead = closed.checkpoints;
    fail({ conventionId: closed.streamId, version: first.failure.version, reason: first.failure.reason });
  }

  /** The problem reading in order meets first: a convention closed before `problem` was read, or it. */
  async firstProblem(problem: VerifyProblem): Promise<VerifyProblem> {
    try {
      await this.settleReplays();
    } catch (error) {
      if (error instanceof Failure) return error.problem;
      throw error;
    }
    return problem;
  }

  private replayPool(): ReplayPool | null {
    if (this.threads === null) {
      const header = this.header;
      this.threads = replayThreads(this.options.threads, header?.scope === 'log' ? header.logSize : 0);
      if (this.threads > 0) {
        this.pool = new ReplayPool(this.threads);
        for (const [ref, body] of this.definitions) this.pool.define(ref, body);
      }
    }
    return this.pool;
  }

  report(ok: boolean, problem: VerifyProblem | null, lines: string[]): VerifyReport {
    return {
      ok,
      problem,
      conventions: this.conventions,
      events: this.events,
      checkpoints: this.checkpointsRead ?? this.checkpoints.length,
      keptCheckpoints: this.options.keptCheckpoints?.length ?? 0,
      trustedKey: this.options.publicKeyPem ? 'given' : 'from-export',
      lines,
    };
  }
}

export async function verifyExport(path: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const reading = new Reading(options);
  try {
    await readLines(path, reading);
    // A thread already found a failing convention: the verdict does not depend on what follows.
    if (reading.pool?.failed) await reading.settleReplays();
    reading.closeStream();
    await reading.settleReplays();
    const header = checkEnd(reading);
    if (header.scope === 'log') checkLog(reading, header);
    else checkProofs(reading);
    return reading.report(true, null, summary(reading, header));
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    return reading.report(false, await reading.firstProblem(error.problem), []);
  } finally {
    await reading.pool?.close();
  }
}

async function readLines(path: string, reading: Reading): Promise<void> {
  const input = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const text of input) {
    lineNumber += 1;
    if (!text.trim()) continue;
    readRecord(parseLine(text, lineNumber, reading), lineNumber, reading);
    const pool = reading.pool;
    if (pool?.failed) return;
    if (pool?.busy) await pool.ready();
  }
}

function parseLine(text: string, lineNumber: number, reading: Reading): ExportRecord {
  let record: ExportRecord;
  try {
    record = JSON.parse(text) as ExportRecord;
  } catch {
    fail({ reason: `line ${lineNumber} is not JSON` });
  }
  if (reading.ended !== null) fail({ reason: `line ${lineNumber}: content after the end of the export` });
  if (lineNumber === 1 && (record.type !== 'header' || record.format !== EXPORT_FORMAT)) {
    fail({ reason: 'not a Conventio export (no header)' });
  }
  return record;
}

function readRecord(record: ExportRecord, lineNumber: number, reading: Reading): void {
  switch (record.type) {
    case 'header':
      reading.header = record as unknown as ExportHeader;
      break;
    case 'publicKey':
      readPublicKey(String(record.pem), reading);
      break;
    case 'definition':
      reading.define(String(record.ref), record.body as ConventionDefinition);
      break;
    case 'checkpoint':
      readCheckpoint(record as unknown as Checkpoint, reading);
      break;
    case 'event':
      readEvent(record as unknown as ExportedEvent, reading);
      break;
    case 'proof':
      reading.proofs.push(record as unknown as InclusionProof);
      break;
    case 'end':
      reading.ended = Number(record.events);
      break;
    default:
      fail({ reason: `line ${lineNumber}: unknown record type ${String(record.type)}` });
  }
}

function readPublicKey(pem: string, reading: Reading): void {
  const exported = publicKeyFromPem(pem);
  reading.exportKeyId = keyIdOf(exported);
  if (reading.publicKey && keyIdOf(reading.publicKey) !== reading.exportKeyId) {
    fail({
      reason: `the export's public key (${reading.exportKeyId}) is not the trusted key (${keyIdOf(reading.publicKey)})`,
    });
  }
  reading.publicKey ??= exported;
}

function readCheckpoint(checkpoint: Checkpoint, reading: Reading): void {
  const previous = reading.checkpoints[reading.checkpoints.length - 1];
  if (previous && checkpoint.size <= previous.size) {
    fail({
      reason: `checkpoint ${checkpoint.size} follows checkpoint ${previous.size}: sizes must grow`,
    });
  }
  if (!reading.publicKey || !verifyCheckpointSignature(checkpoint, reading.publicKey)) {
    fail({ reason: `checkpoint ${checkpoint.size} has an invalid signature` });
  }
  reading.checkpoints.push(checkpoint);
}

function readEvent(event: ExportedEvent, reading: Reading): void {
  reading.events += 1;
  // Every rules version up to this verifier's own replays (each convention under the version
  // it was created with); a later one is rules this verifier does not know.
  if (!isRulesVersion(event.machineVersion) || event.machineVersion > MACHINE_VERSION) {
    fail({
      conventionId: event.streamId,
      version: event.version,
      reason: `recorded under machine version ${event.machineVersion}, this verifier runs 1 to ${MACHINE_VERSION}`,
    });
  }
  if (reading.stream.length && (reading.stream[0] as StoredEvent).streamId !== event.streamId)
    reading.closeStream();
  const first = reading.stream[0];
  if (first && first.machineVersion !== event.machineVersion) {
    fail({
      conventionId: event.streamId,
      version: event.version,
      reason: `recorded under machine version ${event.machineVersion}, its stream was created under ${first.machineVersion}`,
    });
  }
  reading.stream.push(fromExportedEvent(event));
  const index = event.sequence - 1;
  if (!Number.isInteger(index) || index < 0 || reading.hashes[index] !== undefined) {
    fail({
      conventionId: event.streamId,
      version: event.version,
      logIndex: index,
      reason: 'log index repeated or invalid',
    });
  }
  reading.hashes[index] = event.hash;
}

/** The header and the end record are there, and the end record counts the events read. */
function checkEnd(reading: Reading): ExportHeader {
  const { header, ended, events } = reading;
  if (!header) fail({ reason: 'not a Conventio export (no header)' });
  if (ended === null) fail({ reason: 'the export is truncated (no end record)' });
  if (ended !== events) fail({ reason: `the end record counts ${ended} events, the export has ${events}` });
  return header;
}

function checkKeptSignatures(reading: Reading): void {
  for (const checkpoint of reading.options.keptCheckpoints ?? []) {
    if (!reading.publicKey || !verifyCheckpointSignature(checkpoint, reading.publicKey)) {
      fail({ reason: `kept checkpoint ${checkpoint.size} has an invalid signature` });
    }
  }
}

/** A whole log: the index is dense, and every checkpoint (and kept one) is the root of its prefix. */
function checkLog(reading: Reading, header: ExportHeader): void {
  const { hashes, events } = reading;
  for (let index = 0; index < Math.max(hashes.length, header.logSize); index += 1) {
    if (hashes[index] === undefined) fail({ logIndex: index, reason: `log index ${index} is missing` });
  }
  if (events !== header.logSize) {
    fail({ reason: `header says ${header.logSize} events, the export has ${events}` });
  }
  checkKeptSignatures(reading);
  checkPrefixRoots(reading);
}

/** Every checkpoint, and every kept one, must be the root of the log prefix of its size. */
function checkPrefixRoots(reading: Reading): void {
  const { hashes } = reading;
  const targets = [
    ...reading.checkpoints.map((c) => ({ c, kept: false })),
    ...(reading.options.keptCheckpoints ?? []).map((c) => ({ c, kept: true })),
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
}

/** One convention: every event the latest checkpoint covers must prove its inclusion in it. */
function checkProofs(reading: Reading): void {
  const { hashes, proofs } = reading;
  const latest = reading.checkpoints[reading.checkpoints.length - 1];
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
  checkKeptSignatures(reading);
}

function summary(reading: Reading, header: ExportHeader): string[] {
  const { options, exportKeyId } = reading;
  return [
    `export: ${header.scope}${header.conventionId ? ` ${header.conventionId}` : ''}, log size ${header.logSize}`,
    `conventions replayed: ${reading.conventions}, events: ${reading.events}, all hash chains and guards hold`,
    `checkpoints verified: ${reading.checkpoints.length}${options.keptCheckpoints?.length ? `, kept checkpoints: ${options.keptCheckpoints.length}` : ''}`,
    options.publicKeyPem
      ? `signatures checked with the given key ${exportKeyId}`
      : `signatures checked with the export's own key ${exportKeyId} (pass --public-key to pin it)`,
  ];
}

export function describeProblem(problem: VerifyProblem): string {
  const where = [
    problem.conventionId ? `convention ${problem.conventionId}` : null,
    problem.version !== undefined ? `version ${problem.version}` : null,
    problem.logIndex !== undefined ? `log index ${problem.logIndex}` : null,
  ].filter(Boolean);
  return `${where.length ? `${where.join(', ')}: ` : ''}${problem.reason}`;
}
