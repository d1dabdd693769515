/**
 * `satview demo`: generates the demonstration world and loads it into the
 * store, or with --out writes it as reference CSVs and NDJSON SAT files
 * that `satview ingest DIR` loads into the same world. Prints the guided
 * tour: the cases worth opening and the party to view each as.
 */
import { performance } from 'node:perf_hooks';

import cliProgress from 'cli-progress';

import { loadConfig } from '../config/config.ts';
import { parseDay, todayUtcMidnight } from '../demo/demo-calendar.ts';
import { type WorldProgress, writeWorldFiles } from '../demo/demo-files.ts';
import { loadWorld } from '../demo/demo-loader.ts';
import { formatTour, tour } from '../demo/demo-tour.ts';
import {
  createWorld,
  DEFAULT_OPTIONS,
  type DemoWorld,
} from '../demo/demo-world.ts';
import { SatviewError } from '../errors/satview-error.ts';
import { describeTarget, openStore } from '../store/database.ts';
import {
  type Command,
  type CommandIo,
  parseFlags,
  STORE_FLAGS,
} from './command.ts';
import { integerFlag } from './command-flags.ts';

const USAGE =
  'satview demo [--db X] [--premises N] [--days D] [--seed S] ' +
  '[--today YYYY-MM-DD|now] [--out DIR] [--lines-per-file N] [--markers] ' +
  '[--json]';

const FLAGS = {
  ...STORE_FLAGS,
  premises: { type: 'string' },
  days: { type: 'string' },
  seed: { type: 'string' },
  today: { type: 'string' },
  out: { type: 'string' },
  'lines-per-file': { type: 'string' },
  markers: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

export const command: Command = {
  name: 'demo',
  summary: 'generate the demonstration world (load it, or write it to files)',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseFlags(args, FLAGS, USAGE);
    const world = createWorld({
      premises: integerFlag(
        values.premises,
        'premises',
        DEFAULT_OPTIONS.premises,
      ),
      days: integerFlag(values.days, 'days', DEFAULT_OPTIONS.days),
      seed: values.seed ?? DEFAULT_OPTIONS.seed,
      today: today(values.today),
      markers: values.markers ?? false,
    });
    const started = performance.now();
    const summary = await generate(world, values, io);
    const seconds = (performance.now() - started) / 1000;
    report(io, world, { ...summary, seconds }, values.json ?? false);
    return 0;
  },
};

/** `now` is today's UTC midnight; the default is the fixed demo date. */
function today(text: string | undefined): number {
  if (text === undefined) return DEFAULT_OPTIONS.today;
  if (text === 'now') return todayUtcMidnight();
  const day = parseDay(text);
  if (day === undefined) {
    throw new SatviewError('usage', `--today '${text}' is not a date`);
  }
  return day;
}

async function generate(
  world: DemoWorld,
  values: Flags,
  io: CommandIo,
): Promise<Record<string, unknown>> {
  const progress = progressBar(io, world.premises);
  try {
    if (values.out !== undefined) {
      const linesPerFile = integerFlag(
        values['lines-per-file'],
        'lines-per-file',
        100_000,
        { min: 1 },
      );
      const summary = await writeWorldFiles(world, values.out, {
        linesPerFile,
        onProgress: progress.update,
      });
      return { out: values.out, ...summary };
    }
    const config = loadConfig({
      database: values.db,
      logLevel: values['log-level'],
    });
    const store = await openStore(config.database);
    try {
      const summary = await loadWorld(store, world, {
        batchSize: config.batchSize,
        maxBytes: config.maxMessageBytes,
        onProgress: progress.update,
      });
      return { db: describeTarget(config.database), ...summary };
    } finally {
      await store.close();
    }
  } finally {
    progress.stop();
  }
}

interface Progress {
  update(progress: WorldProgress): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal; nothing otherwise. */
function progressBar(io: CommandIo, total: number): Progress {
  if (!io.stderr.isTTY)
    return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: 'demo world |{bar}| {value}/{total} premises | {records} records',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { records: 0 });
  // Redrawing costs more than a premises takes: about 200 redraws in all.
  const step = Math.max(1, Math.floor(total / 200));
  let last = 0;
  return {
    update(progress) {
      if (progress.premises < total && progress.premises - last < step) return;
      last = progress.premises;
      bar.update(progress.premises, { records: progress.records });
    },
    stop: () => bar.stop(),
  };
}

function report(
  io: CommandIo,
  world: DemoWorld,
  summary: Record<string, unknown>,
  json: boolean,
): void {
  const cases = tour(world);
  if (json) {
    io.stdout.write(
      JSON.stringify({ ...worldFacts(world), ...summary, tour: cases }) + '\n',
    );
    return;
  }
  const records = Number(summary['records']);
  const seconds = Number(summary['seconds']);
  const where = summary['out'] ?? summary['db'];
  io.stdout.write(
    `demo world: ${world.premises} premises, ${summary['devices']} devices, ` +
      `${records} SAT records over ${world.days} days to ` +
      `${new Date(world.today).toISOString().slice(0, 10)} ` +
      `(seed ${world.seed}${world.markers ? ', markers' : ''})\n` +
      `${summary['out'] === undefined ? 'loaded into' : 'written to'} ${String(where)} ` +
      `in ${seconds.toFixed(1)} s (${Math.round(records / seconds)} records/s)\n`,
  );
  if (summary['quarantined']) {
    io.stdout.write(
      `warning: ${String(summary['quarantined'])} messages were quarantined\n`,
    );
  }
  io.stdout.write(`\nguided tour:\n\n${formatTour(cases)}\n`);
}

function worldFacts(world: DemoWorld) {
  return {
    premises: world.premises,
    days: world.days,
    seed: world.seed,
    today: new Date(world.today).toISOString(),
    markers: world.markers,
  };
}
