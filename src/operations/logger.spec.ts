import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    lines: () =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
  };
}

describe('createLogger', () => {
  it('redacts notes, reasons, variables and authorization wherever a caller puts them', () => {
    const out = capture();
    const logger = createLogger('info', out.stream);
    logger.info(
      {
        note: 'confidential note',
        input: { reason: 'private reason' },
        variables: { note: 'confidential note' },
        headers: { authorization: 'Bearer cvt_secret' },
      },
      'request',
    );
    const text = JSON.stringify(out.lines());
    expect(text).not.toMatch(/confidential note|private reason|cvt_secret/);
    expect(out.lines()[0]).toMatchObject({ note: '[redacted]', input: { reason: '[redacted]' } });
  });

  it("logs an error's type, message and stack, never the SQL or parameters a driver hangs on it", () => {
    const out = capture();
    const logger = createLogger('info', out.stream);
    const error = Object.assign(new Error('UNIQUE constraint failed: events.stream_id'), {
      query: 'INSERT INTO "events" VALUES (?, ?)',
      parameters: ['c-1', 'confidential note'],
    });
    logger.error({ err: error }, 'unexpected');
    const [line] = out.lines();
    expect(line!.err).toEqual({
      type: 'Error',
      message: 'UNIQUE constraint failed: events.stream_id',
      stack: expect.stringContaining('UNIQUE constraint failed'),
    });
    expect(JSON.stringify(line)).not.toMatch(/confidential note|INSERT INTO/);
  });

  it('writes nothing below its level', () => {
    const out = capture();
    createLogger('warn', out.stream).info('routine');
    expect(out.lines()).toEqual([]);
  });
});
