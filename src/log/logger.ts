/**
 * Structured logs: a fields object first, a short constant message second
 * (pino's convention). JSON lines on stderr, so that a command's stdout
 * stays its answer. No secrets are ever passed as fields.
 */
import { pino, type Logger } from 'pino';

import type { LogLevel } from '../config/config.ts';

export type { Logger };

/** A logger at the given level, writing JSON lines to stderr. */
export function createLogger(level: LogLevel): Logger {
  return pino(
    {
      level,
      base: { service: 'satview' },
      redact: [
        'password',
        'token',
        'req.headers.authorization',
        'req.headers.cookie',
      ],
    },
    pino.destination(2),
  );
}

/** A logger that writes nothing, for tests and quiet commands. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
