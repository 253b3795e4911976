import { closeSync, constants, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Owner only: the store and the signing key are nobody else's to read on a shared machine. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIRECTORY_MODE = 0o700;

/** Creates `path`'s folder (and any missing parent) readable by the owner only; an existing one is kept as it is. */
export function ensurePrivateDirectoryOf(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
}

/**
 * Creates `path` empty and owner-only if it does not exist (an existing file keeps its mode).
 * SQLite then gives its -wal and -shm files the database file's mode.
 */
export function ensurePrivateFile(path: string): void {
  ensurePrivateDirectoryOf(path);
  try {
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
