/**
 * `satview bench <name> [OPTIONS]`: runs one of satview's benchmarks. Each
 * lives in its own module under src/bench/ and exports `benchmark`, a
 * Command; adding one is one line in BENCHMARKS below.
 */
import { SatviewError } from '../errors/satview-error.ts';
import type { Command } from './command.ts';

/** Each benchmark's module, loaded on demand. */
const BENCHMARKS: Record<string, () => Promise<{ benchmark: Command }>> = {
  ingest: () => import('../bench/ingest-bench.ts'),
  query: () => import('../bench/query-bench.ts'),
  api: () => import('../bench/api-bench.ts'),
};

const USAGE = `satview bench <${Object.keys(BENCHMARKS).join('|')}> [OPTIONS]`;

export const command: Command = {
  name: 'bench',
  summary: 'measure ingest (and other) throughput on this machine',
  usage: USAGE,
  async run(args, io) {
    const [name, ...rest] = args;
    const load = name === undefined ? undefined : BENCHMARKS[name];
    if (load === undefined) {
      const which =
        name === undefined ? 'Name a benchmark' : `No benchmark '${name}'`;
      throw new SatviewError('usage', `${which}.\nusage: ${USAGE}`);
    }
    const { benchmark } = await load();
    return benchmark.run(rest, io);
  },
};
