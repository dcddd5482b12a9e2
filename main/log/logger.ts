import pino, { type Logger } from 'pino';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LoggedError } from '../../shared/contract/app.js';

export type { Logger } from 'pino';

export interface AppLog {
  logger: Logger;
  path: string;
  /** The most recent errors, newest last, for the diagnostics view. */
  recentErrors(): LoggedError[];
  recordError(error: LoggedError): void;
}

const MAX_LOG_BYTES = 5 * 1024 * 1024;
const KEEP_ROTATED = 3;
const KEEP_ERRORS = 50;

/** Structured JSON-lines log in the app's data folder, rotated by size when opened. */
export function createAppLog(path: string, level: string = process.env.ARCHBENCH_LOG_LEVEL ?? 'info'): AppLog {
  mkdirSync(dirname(path), { recursive: true });
  rotateIfLarge(path);
  const errors: LoggedError[] = [];
  const logger = pino({ level, base: { pid: process.pid } }, pino.destination({ dest: path, sync: true, mkdir: true }));
  return {
    logger,
    path,
    recentErrors: () => [...errors],
    recordError(error) {
      errors.push(error);
      if (errors.length > KEEP_ERRORS) errors.shift();
    },
  };
}

function rotateIfLarge(path: string): void {
  try {
    if (statSync(path).size < MAX_LOG_BYTES) return;
  } catch {
    return;
  }
  for (let n = KEEP_ROTATED - 1; n >= 1; n--) {
    if (existsSync(`${path}.${n}`)) renameSync(`${path}.${n}`, `${path}.${n + 1}`);
  }
  renameSync(path, `${path}.1`);
}
