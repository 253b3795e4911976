/**
 * What the libraries cost alone, with none of Conventio's logic: the floor under a transition.
 * `npm run bench:floors` (in-process, no HTTP; about half a minute).
 *
 * 1. XState: a parent machine holding `n` trivial child machines (two states, empty context),
 *    as a convention holds its commitments, against the same children as reducers (`fromTransition`:
 *    still child actors, each with its snapshot, without a statechart) and against the same parent
 *    keeping `n` plain records in its context. Timed: what a transition asks of the machine layer, on a live-cache miss
 *    (restore from JSON, one confirmation delivered to one child, persist, stringify) and on a
 *    hit (the same without the restore); and starting one, which a replay does per convention.
 * 2. SQLite (better-sqlite3, WAL, synchronous = NORMAL as the server runs it): the least a
 *    hash-chained transition can write: BEGIN IMMEDIATE, read the stream head, insert one event,
 *    rewrite the convention's row (view and snapshot, sizes as stored), update one commitment,
 *    COMMIT. No fsync: the server flushes the log off the main thread.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { time as timeIn } from './lib/micro';
import {
  AnyActorLogic,
  AnyActorRef,
  AnyStateMachine,
  assign,
  createActor,
  fromTransition,
  sendTo,
  setup,
} from 'xstate';

const time = (label: string, runs: number, work: () => void) => timeIn(label, runs, work, 56);

// 1. XState ------------------------------------------------------------------------------
const item = setup({ types: {} as { events: { type: 'CONFIRM' } } }).createMachine({
  id: 'item',
  initial: 'inEffect',
  states: { inEffect: { on: { CONFIRM: 'fulfilled' } }, fulfilled: {} },
});

/** The same child, as a reducer: still a child actor with its own snapshot, but no statechart to step. */
const reducedItem = fromTransition(
  (state: { status: string }, event: { type: string }) =>
    event.type === 'CONFIRM' && state.status === 'inEffect' ? { status: 'fulfilled' } : state,
  { status: 'inEffect' },
);

/** A parent holding `n` children of `child`'s logic (a machine or a reducer), each confirmed by its id. */
function withChildren(n: number, child: AnyActorLogic): AnyStateMachine {
  return setup({
    types: {} as { context: { items: Record<string, AnyActorRef> }; events: { type: 'CONFIRM'; id: string } },
    actors: { item: child },
  }).createMachine({
    id: 'parent',
    context: ({ spawn }) => ({
      items: Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`c${i}`, spawn('item', { id: `c${i}` })]),
      ),
    }),
    on: { CONFIRM: { actions: sendTo(({ event }) => event.id, { type: 'CONFIRM' }) } },
  });
}

function withRecords(n: number): AnyStateMachine {
  return setup({
    types: {} as {
      context: { items: Record<string, { status: string }> };
      events: { type: 'CONFIRM'; id: string };
    },
  }).createMachine({
    id: 'parent',
    context: {
      items: Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, { status: 'inEffect' }])),
    },
    on: {
      CONFIRM: {
        actions: assign({
          items: ({ context, event }) => ({ ...context.items, [event.id]: { status: 'fulfilled' } }),
        }),
      },
    },
  });
}

console.log('XState alone, per transition (our conventions hold 4, 7, 15, 16 or 18 commitments)');
for (const n of [4, 7, 16, 18]) {
  for (const [shape, machine] of [
    [`${n} child actors`, withChildren(n, item)],
    [`${n} child reducers`, withChildren(n, reducedItem)],
    [`${n} plain records`, withRecords(n)],
  ] as const) {
    const json = JSON.stringify(createActor(machine).start().getPersistedSnapshot());
    time(`${shape}: restore + confirm + persist + stringify`, 2000, () => {
      const actor = createActor(machine, { snapshot: JSON.parse(json) }).start();
      actor.send({ type: 'CONFIRM', id: 'c1' });
      JSON.stringify(actor.getPersistedSnapshot());
    });
    time(`${shape}: start a new one (replay's first step)`, 2000, () => {
      createActor(machine).start();
    });
    const live = createActor(machine).start();
    time(`${shape}: confirm + persist + stringify (live)`, 2000, () => {
      live.send({ type: 'CONFIRM', id: 'c1' });
      JSON.stringify(live.getPersistedSnapshot());
    });
  }
}

// 2. SQLite ------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'conventio-floor-'));
try {
  const db = new Database(join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE events (sequence INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, version INTEGER NOT NULL,
      payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (stream_id, version));
    CREATE TABLE conventions (id TEXT PRIMARY KEY, version INTEGER NOT NULL, view TEXT NOT NULL, snapshot TEXT NOT NULL);
    CREATE TABLE commitments (id TEXT PRIMARY KEY, status TEXT NOT NULL, view TEXT NOT NULL);
  `);
  const conventions = 2000;
  const view = 'v'.repeat(2_500);
  const snapshot = 's'.repeat(8_000);
  const insertConvention = db.prepare('INSERT INTO conventions VALUES (?, 0, ?, ?)');
  const insertCommitment = db.prepare("INSERT INTO commitments VALUES (?, 'IN_EFFECT', ?)");
  db.transaction(() => {
    for (let i = 0; i < conventions; i++) {
      insertConvention.run(`c${i}`, view, snapshot);
      insertCommitment.run(`c${i}:k`, 'x'.repeat(780));
    }
  })();
  const head = db.prepare(
    'SELECT hash, version FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT 1',
  );
  const append = db.prepare(
    'INSERT INTO events (stream_id, version, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?)',
  );
  const project = db.prepare('UPDATE conventions SET version = ?, view = ?, snapshot = ? WHERE id = ?');
  const commitment = db.prepare("UPDATE commitments SET status = 'FULFILLED', view = ? WHERE id = ?");
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const versions = new Map<string, number>();
  let n = 0;
  console.log('\nSQLite alone (better-sqlite3, WAL, synchronous = NORMAL), per transition');
  time('BEGIN IMMEDIATE, head, insert event, 2 updates, COMMIT', 5000, () => {
    const id = `c${n++ % conventions}`;
    const version = (versions.get(id) ?? 0) + 1;
    versions.set(id, version);
    begin.run();
    head.get(id);
    append.run(id, version, 'p'.repeat(400), 'a'.repeat(64), 'b'.repeat(64));
    project.run(version, view, snapshot, id);
    commitment.run('y'.repeat(780), `${id}:k`);
    commit.run();
  });
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
