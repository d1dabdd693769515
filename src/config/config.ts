/**
 * satview's one configuration object: typed, validated at start (every
 * problem reported at once), then frozen. Settings come from command-line
 * flags first, then SATVIEW_* environment variables, then defaults. No
 * other module reads process.env.
 */
import { isIP } from 'node:net';

import { SatviewError } from '../errors/satview-error.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LOG_LEVELS: readonly LogLevel[] = [
  'debug',
  'info',
  'warn',
  'error',
  'silent',
];

/** The store a path or URL names. */
export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

export interface Config {
  /** SQLite file path, or a postgres:// URL. SATVIEW_DB. */
  readonly database: DatabaseTarget;
  /** SATVIEW_LOG_LEVEL; default info. */
  readonly logLevel: LogLevel;
  /** HTTP port of `satview serve`. SATVIEW_PORT; default 8080. */
  readonly port: number;
  /** HTTP bind address. SATVIEW_HOST; default 127.0.0.1. */
  readonly host: string;
  /** The reverse proxies in front of `satview serve`, as addresses or
   * CIDR ranges (or `loopback`): a request from one of them is taken to
   * come from the client its X-Forwarded-For names, over the protocol
   * its X-Forwarded-Proto names. SATVIEW_TRUST_PROXY, comma-separated;
   * default none, which believes no such header. */
  readonly trustProxy: readonly string[];
  /** Largest DUIS message accepted, in bytes. SATVIEW_MAX_MESSAGE_BYTES;
   * default 1 MiB (real messages are a few KB; a 6.15.1 with four
   * certificates stays under 20 KB). */
  readonly maxMessageBytes: number;
  /** Records per write transaction. SATVIEW_BATCH_SIZE; default 20000. */
  readonly batchSize: number;
  /** A PostgreSQL URL for the store test suite (tests only).
   * SATVIEW_TEST_PG_URL. */
  readonly testPostgresUrl: string | null;
}

/** Settings given on the command line; undefined means not given. */
export interface ConfigOverrides {
  readonly database?: string;
  readonly logLevel?: string;
  readonly port?: string | number;
  readonly host?: string;
  readonly trustProxy?: string;
  readonly maxMessageBytes?: string | number;
  readonly batchSize?: string | number;
}

const DEFAULT_DATABASE = './data/satview.db';

/** Reads, validates and freezes the configuration. */
export function loadConfig(
  overrides: ConfigOverrides = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): Config {
  const problems: string[] = [];
  const pick = (flag: unknown, name: string): string | undefined =>
    flag === undefined ? env[name] : String(flag);

  const config: Config = {
    database: parseDatabaseTarget(
      pick(overrides.database, 'SATVIEW_DB') ?? DEFAULT_DATABASE,
    ),
    logLevel: parseLogLevel(
      pick(overrides.logLevel, 'SATVIEW_LOG_LEVEL') ?? 'info',
      problems,
    ),
    port: parseInteger(
      pick(overrides.port, 'SATVIEW_PORT') ?? '8080',
      'port',
      [0, 65535],
      problems,
    ),
    host: pick(overrides.host, 'SATVIEW_HOST') ?? '127.0.0.1',
    trustProxy: parseProxies(
      pick(overrides.trustProxy, 'SATVIEW_TRUST_PROXY') ?? '',
      problems,
    ),
    maxMessageBytes: parseInteger(
      pick(overrides.maxMessageBytes, 'SATVIEW_MAX_MESSAGE_BYTES') ??
        String(1024 * 1024),
      'maxMessageBytes',
      [1024, 64 * 1024 * 1024],
      problems,
    ),
    batchSize: parseInteger(
      pick(overrides.batchSize, 'SATVIEW_BATCH_SIZE') ?? '20000',
      'batchSize',
      [1, 1_000_000],
      problems,
    ),
    testPostgresUrl: env['SATVIEW_TEST_PG_URL'] || null,
  };
  if (problems.length > 0) {
    throw new SatviewError(
      'configInvalid',
      `Invalid configuration: ${problems.join('; ')}`,
      { problems },
    );
  }
  return Object.freeze(config);
}

/** A postgres:// (or postgresql://) URL means PostgreSQL; else a file. */
export function parseDatabaseTarget(value: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(value)) {
    return Object.freeze({ kind: 'postgres', url: value });
  }
  return Object.freeze({ kind: 'sqlite', path: value });
}

function parseLogLevel(value: string, problems: string[]): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(value)) {
    return value as LogLevel;
  }
  problems.push(`logLevel '${value}' is not one of ${LOG_LEVELS.join(', ')}`);
  return 'info';
}

/** Names proxy-addr (Fastify's trustProxy) knows for address ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * A comma-separated list of proxy addresses and CIDR ranges. Trusting
 * every sender (`true`, `*`, a /0) is refused: then any client could name
 * its own address and escape the per-address login limit.
 */
function parseProxies(value: string, problems: string[]): readonly string[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const invalid = entries.filter((entry) => !isProxyEntry(entry));
  if (invalid.length > 0) {
    problems.push(
      `trustProxy ${invalid.map((e) => `'${e}'`).join(', ')} is not an ` +
        'address, a CIDR range or one of ' +
        `${PROXY_RANGE_NAMES.join(', ')} (list the proxies themselves)`,
    );
    return Object.freeze([]);
  }
  return Object.freeze(entries);
}

function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  // A /0 is every sender.
  return /^\d+$/.test(prefix) && bits >= 1 && bits <= (family === 4 ? 32 : 128);
}

function parseInteger(
  value: string,
  name: string,
  [min, max]: [number, number],
  problems: string[],
): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    problems.push(`${name} '${value}' is not an integer from ${min} to ${max}`);
    return min;
  }
  return number;
}
