/**
 * The shape of a satview command. Each command lives in its own module and
 * is loaded only when run, so `satview help` stays fast.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

import {
  type Config,
  type ConfigOverrides,
  loadConfig,
} from '../config/config.ts';
import { SatviewError } from '../errors/satview-error.ts';
import { openStore, type Store } from '../store/database.ts';

/** Where a command writes: stdout for its answer, stderr for the rest. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Runs the command; answers the process exit code. */
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses flags strictly; an unknown flag is a usage error. */
export function parseFlags<T extends Options>(
  args: readonly string[],
  options: T,
  usage: string,
) {
  try {
    return parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SatviewError('usage', `${reason}\nusage: ${usage}`);
  }
}

/** The flags every store-using command takes. */
export const STORE_FLAGS = {
  db: { type: 'string' },
  'log-level': { type: 'string' },
} as const;

/** What STORE_FLAGS parse to. */
export interface StoreFlagValues {
  readonly db?: string;
  readonly 'log-level'?: string;
}

/**
 * Opens the store the flags name (with any further config overrides),
 * runs `body`, and closes the store whatever happens.
 */
export async function withStore<T>(
  values: StoreFlagValues,
  body: (store: Store, config: Config) => Promise<T>,
  overrides: ConfigOverrides = {},
): Promise<T> {
  const config = loadConfig({
    ...overrides,
    database: values.db,
    logLevel: values['log-level'],
  });
  const store = await openStore(config.database);
  try {
    return await body(store, config);
  } finally {
    await store.close();
  }
}

/** A subcommand that runs with the store open. */
export type StoreAction<V> = (
  store: Store,
  values: V,
  io: CommandIo,
) => Promise<number>;

/**
 * Runs the subcommand the first positional names, with the store the flags
 * name open. An unknown one is a usage error, raised before the store
 * opens so that a typo creates no database.
 */
export function runStoreAction<V extends StoreFlagValues>(
  actions: Readonly<Record<string, StoreAction<V>>>,
  positionals: readonly string[],
  values: V,
  io: CommandIo,
  usage: string,
): Promise<number> {
  const name = positionals[0] ?? '';
  const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
  if (action === undefined) {
    throw new SatviewError('usage', `usage: ${usage}`);
  }
  return withStore(values, (store) => action(store, values, io));
}
