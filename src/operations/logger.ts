import pino, { DestinationStream, Logger } from 'pino';
import { LogLevel } from '../config';

/**
 * Paths never written, whatever a caller hands the logger: secrets, and what users typed
 * (notes, reasons, variables, SQL parameters). Request lines carry none of these anyway.
 */
const REDACTED = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'variables',
  '*.variables',
  'parameters',
  '*.parameters',
  'query',
  '*.query',
  'note',
  '*.note',
  'reason',
  '*.reason',
];

/** An error as logged: its kind, message and stack, never the fields a driver hangs on it (SQL, parameters). */
export function serializeError(error: unknown): { type: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  return { type: error.name, message: error.message, stack: error.stack };
}

/** The server's one logger: JSON lines on stdout (or `destination`), at `level` and above. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    destination,
  );
}
