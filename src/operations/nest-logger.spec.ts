import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { PinoNestLogger } from './nest-logger';

function nestLogger(level: 'debug' | 'info'): {
  logger: PinoNestLogger;
  lines: () => Record<string, unknown>[];
} {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const lines = () =>
    text
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger: new PinoNestLogger(createLogger(level, stream)), lines };
}

describe('PinoNestLogger', () => {
  it("writes Nest's routine notes at debug, so that they stay out of an info log", () => {
    const { logger, lines } = nestLogger('info');
    logger.log('Mapped {/graphql, POST} route', 'RouterExplorer');
    expect(lines()).toEqual([]);
  });

  it('writes an error once, with its context and serialized error, at error', () => {
    const { logger, lines } = nestLogger('debug');
    logger.error(new Error('boom'), 'GraphQL');
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 50,
        context: 'GraphQL',
        msg: 'boom',
        err: expect.objectContaining({ type: 'Error', message: 'boom' }),
      }),
    ]);
  });

  it('takes the context from its last argument', () => {
    const { logger, lines } = nestLogger('debug');
    logger.warn('slow start', 'NestApplication');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 40, context: 'NestApplication', msg: 'slow start' }),
    ]);
  });
});
