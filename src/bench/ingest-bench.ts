/**
 * `satview bench ingest [--count N] [--db X] [--pg URL]`: how fast satview
 * ingests, against how fast it can merely parse. Generates N synthetic
 * DUIS messages as NDJSON, then measures in one run, each phase in a child
 * process of its own (so each peak RSS is that phase's):
 * - parse only: every line through readDuisMessage, one thread (baseline);
 * - full ingest into a fresh SQLite file;
 * - full ingest into a fresh PostgreSQL database, when --pg URL (or a
 *   postgres:// --db, or SATVIEW_TEST_PG_URL) names a server;
 * - full ingest into SQLite at half and twice N, to show memory is flat.
 * The first three alternate for `--rounds` rounds (default 3), and each is
 * reported by its median round: on a small shared machine one run's rate
 * can be a third off the next one's. It prints the figures and rewrites
 * the Ingest section of docs/BENCHMARKS.md.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Command, CommandIo } from '../cli/command.ts';
import { parseFlags } from '../cli/command.ts';
import { loadConfig } from '../config/config.ts';
import { createScratchDatabase } from '../store/scratch-database.ts';
import type { PhaseResult, PhaseSpec } from './ingest-bench-phase.ts';
import { writeSyntheticNdjson } from './synthetic-duis.ts';
import { integerFlag } from '../cli/command-flags.ts';

const USAGE =
  'satview bench ingest [--count N] [--db SQLITE_PATH] [--pg URL] ' +
  '[--workers N] [--rounds N] [--memory-counts N,N] [--no-docs]';

/** Counts given on the command line: whole numbers of at least one. */
const ONE_UP = { min: 1, usage: USAGE } as const;

const FLAGS = {
  count: { type: 'string' },
  db: { type: 'string' },
  pg: { type: 'string' },
  workers: { type: 'string' },
  rounds: { type: 'string' },
  'memory-counts': { type: 'string' },
  'no-docs': { type: 'boolean' },
} as const;

const DEFAULT_COUNT = 100_000;
const DEFAULT_ROUNDS = 3;
/** SQLite page cache in the memory runs: small, so the runs show the
 * pipeline's own memory rather than the cache filling up to its cap. */
const MEMORY_RUN_CACHE_MB = 16;
const BENCHMARKS_FILE = fileURLToPath(
  new URL('../../docs/BENCHMARKS.md', import.meta.url),
);

/** One kind of run, measured once a round, as reported. */
interface Row {
  readonly label: string;
  /** The round with the median rate. */
  readonly result: PhaseResult;
  /** Every round's rate, in messages/s, in the order they ran. */
  readonly rates: readonly number[];
}

/** What a whole bench run found. */
interface BenchReport {
  readonly count: number;
  readonly fileMb: number;
  readonly meanMessageBytes: number;
  readonly parse: Row;
  readonly runs: readonly Row[];
  readonly memory: readonly PhaseResult[];
  readonly machine: string;
  readonly command: string;
}

export const benchmark: Command = {
  name: 'ingest',
  summary: 'parse-only vs full ingest rates, and memory at two input sizes',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseFlags(args, FLAGS, USAGE);
    const count = integerFlag(values.count, 'count', DEFAULT_COUNT, ONE_UP);
    const options = {
      count,
      sqlitePath: isPostgres(values.db) ? undefined : values.db,
      pgUrl: pgUrlOf(values.pg, values.db),
      workers: integerFlag(values.workers, 'workers', undefined, {
        min: 0,
        usage: USAGE,
      }),
      rounds: integerFlag(values.rounds, 'rounds', DEFAULT_ROUNDS, ONE_UP),
      memoryCounts: memoryCounts(values['memory-counts'], count),
      command: `satview bench ${['ingest', ...args].join(' ')}`,
    };
    const report = await runBench(options, io);
    io.stdout.write(`${formatSection(report)}\n`);
    if (values['no-docs'] !== true) {
      await updateBenchmarksFile(BENCHMARKS_FILE, formatSection(report));
      io.stderr.write(`Updated ${BENCHMARKS_FILE}\n`);
    }
    return 0;
  },
};

interface BenchOptions {
  readonly count: number;
  readonly sqlitePath: string | undefined;
  readonly pgUrl: string | null;
  readonly workers: number | undefined;
  readonly rounds: number;
  readonly memoryCounts: readonly number[];
  readonly command: string;
}

async function runBench(
  options: BenchOptions,
  io: CommandIo,
): Promise<BenchReport> {
  const config = loadConfig({});
  const limits = {
    batchSize: config.batchSize,
    maxBytes: config.maxMessageBytes,
  };
  const dir = await mkdtemp(join(tmpdir(), 'satview-bench-'));
  try {
    const say = (text: string) => io.stderr.write(`${text}\n`);
    const file = join(dir, `sat-${options.count}.ndjson`);
    say(`Generating ${options.count} synthetic messages…`);
    const bytes = await writeSyntheticNdjson(file, options.count);
    const machine = describeMachine();
    const parse: PhaseResult[] = [];
    const sqlite: PhaseResult[] = [];
    const postgres: PhaseResult[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      const of = `(round ${round} of ${options.rounds})`;
      say(`Parse only ${of}…`);
      parse.push(await runPhase({ phase: 'parse', file, ...limits }));
      say(`Ingest into SQLite ${of}…`);
      const database = options.sqlitePath ?? join(dir, 'bench.db');
      await removeSqlite(database);
      sqlite.push(
        await runPhase({
          phase: 'ingest',
          file,
          database,
          workers: options.workers,
          ...limits,
        }),
      );
      if (options.pgUrl !== null) {
        say(`Ingest into PostgreSQL ${of}…`);
        postgres.push(
          await ingestIntoFreshPostgres(
            options.pgUrl,
            file,
            options.workers,
            limits,
          ),
        );
      }
    }
    const runs = [row('ingest → SQLite', sqlite)];
    if (postgres.length > 0) runs.push(row('ingest → PostgreSQL', postgres));
    const memory = await memoryRuns(options, dir, limits, say);
    return {
      count: options.count,
      fileMb: bytes / 1e6,
      meanMessageBytes: bytes / options.count,
      parse: row('parse only (`readDuisMessage`, one thread)', parse),
      runs,
      memory,
      machine,
      command: options.command,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Limits = Pick<PhaseSpec, 'batchSize' | 'maxBytes'>;

/** A kind of run from its rounds, represented by its median round (of an
 * even number of rounds, the slower of the middle two). */
function row(label: string, results: readonly PhaseResult[]): Row {
  const byRate = [...results].sort(
    (a, b) => messagesPerSecond(a) - messagesPerSecond(b),
  );
  const result = byRate[Math.floor((byRate.length - 1) / 2)];
  if (result === undefined) throw new Error(`No rounds of ${label}`);
  return { label, result, rates: results.map(messagesPerSecond) };
}

/** Full SQLite ingests of other input sizes, each into a fresh file. */
async function memoryRuns(
  options: BenchOptions,
  dir: string,
  limits: Limits,
  say: (text: string) => void,
): Promise<PhaseResult[]> {
  const results: PhaseResult[] = [];
  for (const count of options.memoryCounts) {
    say(`Memory at ${count} messages…`);
    const file = join(dir, `sat-${count}.ndjson`);
    await writeSyntheticNdjson(file, count, { seed: count });
    const database = join(dir, `memory-${count}.db`);
    results.push(
      await runPhase({
        phase: 'ingest',
        file,
        database,
        workers: options.workers,
        sqliteCacheMb: MEMORY_RUN_CACHE_MB,
        ...limits,
      }),
    );
    await rm(file, { force: true });
    await removeSqlite(database);
  }
  return results;
}

async function ingestIntoFreshPostgres(
  url: string,
  file: string,
  workers: number | undefined,
  limits: Limits,
): Promise<PhaseResult> {
  const scratch = await createScratchDatabase(url, 'satview_bench');
  try {
    return await runPhase({
      phase: 'ingest',
      file,
      database: scratch.url,
      workers,
      ...limits,
    });
  } finally {
    await scratch.drop();
  }
}

/** Runs one phase in a child process; answers what it printed. */
function runPhase(spec: PhaseSpec): Promise<PhaseResult> {
  const entry = fileURLToPath(
    new URL('./ingest-bench-phase.ts', import.meta.url),
  );
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), entry, JSON.stringify(spec)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout
    .setEncoding('utf8')
    .on('data', (text: string) => (output += text));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const last = output.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) {
        resolve(JSON.parse(last) as PhaseResult);
      } else {
        reject(new Error(`The ${spec.phase} phase failed (exit ${code})`));
      }
    });
  });
}

async function removeSqlite(path: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm']) {
    await rm(`${path}${suffix}`, { force: true });
  }
}

function describeMachine(): string {
  const cpu = cpus();
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
  return (
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()}, ` +
    `Node ${process.version}; load average at the start ${load}`
  );
}

function messagesPerSecond(result: PhaseResult): number {
  return result.messages / result.seconds;
}

function megabytesPerSecond(result: PhaseResult): number {
  return result.bytes / 1e6 / result.seconds;
}

/** The Ingest section of docs/BENCHMARKS.md for a report. */
export function formatSection(report: BenchReport): string {
  const base = messagesPerSecond(report.parse.result);
  const line = (label: string, entry: Row, ratio: string) =>
    `| ${label} | ${whole(messagesPerSecond(entry.result))} | ` +
    `${entry.rates.map(whole).join(', ')} | ` +
    `${megabytesPerSecond(entry.result).toFixed(1)} | ${ratio} | ` +
    `${whole(entry.result.peakRssMb)} |`;
  const rows = [
    line(report.parse.label, report.parse, '1.000'),
    ...report.runs.map((entry) =>
      line(
        `${entry.label} (${entry.result.workers} parse workers)`,
        entry,
        (messagesPerSecond(entry.result) / base).toFixed(3),
      ),
    ),
  ];
  const memory = report.memory.map(
    (result) =>
      `| ${whole(result.messages)} | ${(result.bytes / 1e6).toFixed(0)} | ` +
      `${whole(messagesPerSecond(result))} | ${whole(result.peakRssMb)} |`,
  );
  return [
    `Measured on ${new Date().toISOString().slice(0, 10)} with`,
    `\`${report.command}\`, on ${report.machine}.`,
    '',
    `Input: ${whole(report.count)} synthetic DUIS messages ` +
      `(\`src/bench/synthetic-duis.ts\`), ${report.fileMb.toFixed(0)} MB of ` +
      `NDJSON, ${whole(report.meanMessageBytes)} bytes a line on average.`,
    '',
    `Each run was measured in ${report.parse.rates.length} rounds, ` +
      'parse-only and the ingests alternating; a row gives its median ' +
      'round (of an even number, the slower middle one), whose MB/s and ' +
      'peak RSS it shows too, and every round in the order they ran. ' +
      '× parse-only is the ratio of the medians.',
    '',
    '| run | messages/s (median) | each round | MB/s | × parse-only | ' +
      'peak RSS MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    'Memory as the input grows (full ingest into a fresh SQLite file, ' +
      `its page cache capped at ${MEMORY_RUN_CACHE_MB} MiB instead of ` +
      "the store's 256 MiB, which would otherwise fill as the file grows):",
    '',
    '| messages | NDJSON MB | messages/s | peak RSS MB |',
    '| ---: | ---: | ---: | ---: |',
    ...memory,
    '',
    ...targets(report, base),
  ].join('\n');
}

/** The targets, and whether this run met them. */
function targets(report: BenchReport, base: number): string[] {
  const sqlite = report.runs[0]?.result;
  if (sqlite === undefined) return [];
  const rate = messagesPerSecond(sqlite);
  const ratio = rate / base;
  const verdict = (met: boolean) => (met ? 'met' : '**not met**');
  const rss = report.memory.map((result) => whole(result.peakRssMb));
  return [
    'Targets for the SQLite ingest:',
    // Three decimals, so that a ratio just short of 0.8 does not print
    // as 0.80 beside "not met".
    `- at least 0.8 × parse-only: ${ratio.toFixed(3)}, ` +
      `${verdict(ratio >= 0.8)};`,
    `- at least 20,000 messages/s: ${whole(rate)}, ` +
      `${verdict(rate >= 20_000)};`,
    `- memory flat as the input grows: peak RSS ${rss.join(' → ')} MB ` +
      `for ${report.memory.map((r) => whole(r.messages)).join(' → ')} messages.`,
  ];
}

function whole(value: number): string {
  return Math.round(value).toLocaleString('en-GB');
}

const START = '<!-- ingest-bench:start -->';
const END = '<!-- ingest-bench:end -->';

/**
 * Puts the generated figures between the Ingest section's markers, leaving
 * the rest of the file (other sections, the hand-written notes after the
 * markers) as it was.
 */
export function replaceIngestFigures(
  markdown: string,
  figures: string,
): string {
  const block = `${START}\n${figures}\n${END}`;
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start !== -1 && end > start) {
    return markdown.slice(0, start) + block + markdown.slice(end + END.length);
  }
  const heading = markdown.indexOf('## Ingest');
  if (heading !== -1) {
    const after = markdown.indexOf('\n', heading) + 1;
    return `${markdown.slice(0, after)}\n${block}\n${markdown.slice(after)}`;
  }
  const base = markdown.trim() === '' ? '# Benchmarks' : markdown.trimEnd();
  return `${base}\n\n## Ingest\n\n${block}\n`;
}

async function updateBenchmarksFile(path: string, figures: string) {
  const current = await readFile(path, 'utf8').catch(() => '');
  await writeFile(path, replaceIngestFigures(current, figures));
}

function isPostgres(value: string | undefined): boolean {
  return value !== undefined && /^postgres(ql)?:\/\//.test(value);
}

function pgUrlOf(pgFlag: string | undefined, db: string | undefined) {
  if (pgFlag !== undefined) return pgFlag;
  if (isPostgres(db)) return db as string;
  return loadConfig({}).testPostgresUrl;
}

function memoryCounts(value: string | undefined, count: number): number[] {
  if (value === undefined) return [Math.ceil(count / 2), count * 2];
  return value.split(',').map((part) => {
    const number = integerFlag(part.trim(), 'memory-counts', 0, ONE_UP);
    return number as number;
  });
}
