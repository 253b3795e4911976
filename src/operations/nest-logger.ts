import { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';
import { failedRequestOf } from './request-record';

/**
 * Nest's own messages as lines of the server's JSON log: its routine start-up notes at debug,
 * warnings and errors as they are.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes the context last, and for errors given as text a stack before it. */
  private write(level: Level, message: unknown, rest: unknown[]): void {
    const last = rest.at(-1);
    const context = typeof last === 'string' ? last : undefined;
    if (message instanceof Error) {
      this.logger[level]({ context, requestId: failedRequestOf(message), err: message }, message.message);
    } else {
      this.logger[level]({ context }, typeof message === 'string' ? message : JSON.stringify(message));
    }
  }
}
