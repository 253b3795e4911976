import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestParts } from './profile';

/** A frame of a profile: its function and file. */
type Frame = [functionName: string, url: string];

/**
 * A `--cpu-prof` profile with one sample per stack, 1 ms each; a stack lists its frames from the
 * outermost, and stacks that share a prefix share its nodes, as V8 writes them.
 */
function profileOf(stacks: Frame[][]): object {
  const nodes = [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [] as number[] },
  ];
  const samples: number[] = [];
  for (const stack of stacks) {
    let at = nodes[0]!;
    for (const [functionName, url] of stack) {
      let next = at.children
        .map((id) => nodes[id - 1]!)
        .find((n) => n.callFrame.functionName === functionName && n.callFrame.url === url);
      if (!next) {
        next = { id: nodes.length + 1, callFrame: { functionName, url, lineNumber: 0 }, children: [] };
        nodes.push(next);
        at.children.push(next.id);
      }
      at = next;
    }
    samples.push(at.id);
  }
  return {
    nodes,
    startTime: 0,
    endTime: samples.length * 1000,
    samples,
    timeDeltas: samples.map(() => 1000),
  };
}

const HOOK: Frame = ['', 'file:///app/dist/src/operations/security-headers.js'];
const REQUEST_LOG: Frame = ['requestLine', 'file:///app/dist/src/operations/request-log.js'];
const FASTIFY_SEND: Frame = ['onSendEnd', 'file:///app/node_modules/fastify/lib/reply.js'];
const SOCKET: Frame[] = [
  ['end', 'node:_http_outgoing'],
  ['_writeGeneric', 'node:net'],
  ['writevGeneric', 'node:internal/stream_base_commons'],
  ['writev', ''],
];

describe('requestParts: where a profile says a request went', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-profile-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const parts = (stacks: Frame[][]) => {
    const file = join(dir, `p${Math.random()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profileOf(stacks)));
    return Object.fromEntries(requestParts(file).map(({ part, ms }) => [part, ms]));
  };

  it("counts the answer's socket write, run inside a hook's done(), for HTTP; the hook's own calls for the hook", () => {
    expect(
      parts([
        [HOOK, FASTIFY_SEND, ...SOCKET],
        [HOOK, FASTIFY_SEND, ...SOCKET],
        [REQUEST_LOG, ['asJson', 'file:///app/node_modules/pino/lib/tools.js']],
        [HOOK, ['setHeader', 'node:_http_outgoing']],
      ]),
    ).toEqual({
      'Fastify, HTTP, sockets': 2,
      'request log, rate limit, metrics': 2,
    });
  });

  it('keeps our code below a framework frame ours, and the machine step with its XState frames', () => {
    expect(
      parts([
        [HOOK, FASTIFY_SEND, ['verify', 'file:///app/dist/src/audit/audit.service.js']],
        [
          ['apply', 'file:///app/dist/src/machines/convention.engine.js'],
          ['microstep', 'file:///app/node_modules/xstate/dist/raise-1.cjs.js'],
        ],
      ]),
    ).toEqual({
      'our API layer, other (resolvers, errors, context)': 1,
      'machine step: guards, XState (apply)': 1,
    });
  });
});
