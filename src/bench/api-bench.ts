/**
 * `satview bench api`: the HTTP API's device-record throughput against
 * Fastify's own empty route, measured in the same run and the same way.
 *
 * The server runs in this process on loopback, over a demo world in a
 * temporary SQLite store, called with an API token of the gaining
 * supplier of the tour. autocannon runs in a child process, so the load
 * generator does not share the server's event loop (it does share the
 * machine's cores, which bounds both figures alike). Each measurement is
 * preceded by a warm-up. Target: device records at ≥ 0.5 × empty route.
 *
 * A third baseline shows what the target asks of the server: the very
 * answers the bench asks for, as satview sends them, served by a bare
 * Fastify route from a map of URL to bytes. Whatever that route reaches
 * is what sending those bytes costs on the machine, before satview does
 * anything (authentication, the answer cache, the access log, headers).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import Fastify, { type FastifyInstance } from 'fastify';

import { type Command, parseFlags } from '../cli/command.ts';
import { loadConfig } from '../config/config.ts';
import { loadWorld } from '../demo/demo-loader.ts';
import { tour } from '../demo/demo-tour.ts';
import { createWorld, DEFAULT_TODAY } from '../demo/demo-world.ts';
import { formatEui64 } from '../domain/eui64.ts';
import { SatviewError } from '../errors/satview-error.ts';
import { silentLogger } from '../log/logger.ts';
import { issueApiToken } from '../server/api-tokens.ts';
import { ANSWER_CACHE_TTL_MS } from '../server/answer-cache.ts';
import { buildServer } from '../server/build-server.ts';
import { openStore, type Store } from '../store/database.ts';
import { integerFlag } from '../cli/command-flags.ts';
import {
  BENCHMARKS_FILE,
  type BenchSection,
  describeMachine,
  replaceSection,
  tableRow,
  updateBenchmarksFile,
} from './bench-report.ts';

/** How to run the bench. */
export interface ApiBenchOptions {
  readonly premises: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  /** Records per page asked for (the UI asks for 100). */
  readonly limit: number;
  /** Measurement rounds (empty route, the same answers from a bare
   * route, device records with the answer cache, then without); the
   * ratios are of the medians. */
  readonly rounds: number;
}

/** What one autocannon run measured. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly total: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** One round's four measurements. */
export interface BenchRound {
  readonly empty: LoadResult;
  /** The device-record answers from a bare route (see the module
   * comment). */
  readonly sameAnswers: LoadResult;
  readonly deviceRecords: LoadResult;
  readonly uncached: LoadResult;
}

/** The bench's answer. */
export interface ApiBenchReport {
  readonly options: ApiBenchOptions;
  readonly records: number;
  readonly devices: number;
  readonly party: string;
  /** Mean size of a device-record answer, bytes. */
  readonly meanAnswerBytes: number;
  readonly rounds: readonly BenchRound[];
  /** Median device-record req/s (answer cache on, as served) over
   * median empty-route req/s. */
  readonly ratio: number;
  /** The same without the answer cache: every answer computed. */
  readonly uncachedRatio: number;
  /** Median req/s of the bare route sending the same answers over the
   * empty route's: where a Fastify server of these answers stands against
   * the target when it does nothing else. */
  readonly sameAnswersRatio: number;
  /** Median device-record req/s (answer cache on) over the bare route's
   * with the same answers: what satview's own work leaves of it. */
  readonly ofSameAnswers: number;
  readonly target: number;
}

export const DEFAULT_API_BENCH: ApiBenchOptions = {
  premises: 300,
  durationSeconds: 10,
  warmupSeconds: 2,
  connections: 50,
  limit: 100,
  rounds: 1,
};

const TARGET_RATIO = 0.5;
const LOOPBACK = '127.0.0.1';

const USAGE =
  'satview bench api [--premises N] [--duration S] [--warmup S] ' +
  '[--connections C] [--limit L] [--rounds R] [--json] [--no-docs]';

const FLAGS = {
  premises: { type: 'string' },
  duration: { type: 'string' },
  warmup: { type: 'string' },
  connections: { type: 'string' },
  limit: { type: 'string' },
  rounds: { type: 'string' },
  json: { type: 'boolean' },
  'no-docs': { type: 'boolean' },
} as const;

/** `satview bench api`: runs the bench, prints its section of
 * docs/BENCHMARKS.md and (unless --no-docs) rewrites it there. */
export const benchmark: Command = {
  name: 'api',
  summary: 'device-record requests/s of the HTTP API vs an empty route',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseFlags(args, FLAGS, USAGE);
    const count = (text: string | undefined, fallback: number, name: string) =>
      integerFlag(text, name, fallback, { min: 1, usage: USAGE });
    const defaults = DEFAULT_API_BENCH;
    const options: ApiBenchOptions = {
      premises: count(values.premises, defaults.premises, 'premises'),
      durationSeconds: count(
        values.duration,
        defaults.durationSeconds,
        'duration',
      ),
      warmupSeconds: count(values.warmup, defaults.warmupSeconds, 'warmup'),
      connections: count(
        values.connections,
        defaults.connections,
        'connections',
      ),
      limit: count(values.limit, defaults.limit, 'limit'),
      rounds: count(values.rounds, defaults.rounds, 'rounds'),
    };
    const machine = describeMachine(false);
    const report = await runApiBench(options, (line) =>
      io.stderr.write(`${line}\n`),
    );
    if (values.json) {
      io.stdout.write(JSON.stringify(report) + '\n');
      return 0;
    }
    const section = formatSection(report, machine, ['api', ...args]);
    io.stdout.write(`${section}\n`);
    if (values['no-docs'] !== true) {
      await updateBenchmarksFile(section, API_SECTION);
      io.stderr.write(`Updated ${BENCHMARKS_FILE}\n`);
    }
    return 0;
  },
};

/** Runs the bench: a demo world, the two servers, the load runs. */
export async function runApiBench(
  options: ApiBenchOptions,
  say: (line: string) => void = () => {},
): Promise<ApiBenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'satview-bench-api-'));
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'b.db') });
  try {
    say(`loading a demo world of ${options.premises} premises…`);
    const fixture = await benchFixture(store, options);
    const rounds: BenchRound[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      say(`round ${round}: empty route…`);
      const empty = await measureEmptyRoute(options);
      say(`round ${round}: the same answers from a bare route…`);
      const sameAnswers = await measureDevicePaths(
        sameAnswersServer(fixture.answers),
        fixture,
        options,
      );
      say(`round ${round}: device records…`);
      const deviceRecords = await measureDevicePaths(
        await benchServer(fixture.store, true),
        fixture,
        options,
      );
      say(`round ${round}: device records, no answer cache…`);
      const uncached = await measureDevicePaths(
        await benchServer(fixture.store, false),
        fixture,
        options,
      );
      rounds.push({ empty, sameAnswers, deviceRecords, uncached });
    }
    const rate = (pick: (r: BenchRound) => LoadResult) =>
      median(rounds.map((r) => pick(r).requestsPerSecond));
    const empty = rate((r) => r.empty);
    const sameAnswers = rate((r) => r.sameAnswers);
    return {
      options,
      records: fixture.records,
      devices: fixture.devicePaths.length,
      party: fixture.party,
      meanAnswerBytes: fixture.meanAnswerBytes,
      rounds,
      ratio: rate((r) => r.deviceRecords) / empty,
      uncachedRatio: rate((r) => r.uncached) / empty,
      sameAnswersRatio: sameAnswers / empty,
      ofSameAnswers: rate((r) => r.deviceRecords) / sameAnswers,
      target: TARGET_RATIO,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface BenchFixture {
  readonly store: Store;
  readonly party: string;
  readonly token: string;
  readonly records: number;
  /** Record-list paths of devices the party may see, to cycle through. */
  readonly devicePaths: readonly string[];
  /** satview's answer to each of those paths, as it sends it. */
  readonly answers: ReadonlyMap<string, Buffer>;
  readonly meanAnswerBytes: number;
}

async function benchFixture(
  store: Store,
  options: ApiBenchOptions,
): Promise<BenchFixture> {
  const world = createWorld({
    premises: options.premises,
    today: DEFAULT_TODAY,
  });
  const summary = await loadWorld(store, world, {
    batchSize: 20_000,
    maxBytes: 1 << 20,
  });
  const party = tour(world).find((c) => c.id === 'change-of-supplier')?.viewAs;
  if (party === undefined) {
    throw new SatviewError('usage', 'The demo world has no tour to bench.');
  }
  const { token } = await issueApiToken(store, party, 'bench', Date.now());
  const devices = await devicesSeenBy(store, party);
  const devicePaths = devices.map(
    (d) => `/api/devices/${formatEui64(d)}/records?limit=${options.limit}`,
  );
  const answers = await answersTo(store, token, devicePaths);
  let bytes = 0;
  for (const body of answers.values()) bytes += body.length;
  return {
    store,
    party,
    token,
    records: summary.accepted,
    devicePaths,
    answers,
    meanAnswerBytes: Math.round(bytes / Math.max(1, answers.size)),
  };
}

/** satview's answers to the paths the bench will ask for. */
async function answersTo(
  store: Store,
  token: string,
  paths: readonly string[],
): Promise<Map<string, Buffer>> {
  const app = await benchServer(store, false);
  try {
    const answers = new Map<string, Buffer>();
    for (const url of paths) {
      const headers = { authorization: `Bearer ${token}` };
      const answer = await app.inject({ url, headers });
      if (answer.statusCode !== 200) {
        throw new Error(`${url}: status ${answer.statusCode} before the bench`);
      }
      answers.set(url, answer.rawPayload);
    }
    return answers;
  } finally {
    await app.close();
  }
}

/** The satview server as `satview serve` builds it, without logging
 * (the empty route logs nothing either). */
function benchServer(store: Store, cached: boolean) {
  return buildServer({
    store,
    config: loadConfig({}, {}),
    logger: silentLogger(),
    answerCacheTtlMs: cached ? ANSWER_CACHE_TTL_MS : 0,
  });
}

/** Devices with traffic of the party's own Users: always visible to it,
 * and (being its customers) also holding other parties' records. */
async function devicesSeenBy(store: Store, party: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('sat_record as r')
    .innerJoin('dcc_user as u', 'u.user_id', 'r.user_id')
    .select('r.device_id')
    .distinct()
    .where('u.party_id', '=', party)
    .where('r.device_id', 'is not', null)
    .orderBy('r.device_id')
    .limit(200)
    .execute();
  return rows.flatMap((row) => (row.device_id === null ? [] : [row.device_id]));
}

async function measureEmptyRoute(options: ApiBenchOptions) {
  const app = Fastify({ logger: false });
  app.get('/empty', async () => ({}));
  const url = await listen(app);
  try {
    return await warmThenMeasure(options, { url: `${url}/empty` });
  } finally {
    await app.close();
  }
}

/** A bare Fastify route, on the device-record path, that sends the
 * stored bytes for its URL (404 for any other). */
export function sameAnswersServer(
  answers: ReadonlyMap<string, Buffer>,
): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/api/devices/:deviceId/records', (request, reply) => {
    const body = answers.get(request.url);
    if (body === undefined) return reply.code(404).send({});
    return reply.type('application/json; charset=utf-8').send(body);
  });
  return app;
}

/** Device-record load (the fixture's paths, with its token) on a server
 * built for one measurement. */
async function measureDevicePaths(
  app: FastifyInstance,
  fixture: BenchFixture,
  options: ApiBenchOptions,
) {
  const url = await listen(app);
  try {
    return await warmThenMeasure(options, {
      url,
      paths: fixture.devicePaths,
      headers: { authorization: `Bearer ${fixture.token}` },
    });
  } finally {
    await app.close();
  }
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: LOOPBACK, port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the bench server has no TCP address');
  }
  return `http://${LOOPBACK}:${address.port}`;
}

interface Target {
  readonly url: string;
  readonly paths?: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
}

async function warmThenMeasure(
  options: ApiBenchOptions,
  target: Target,
): Promise<LoadResult> {
  const run = { ...target, connections: options.connections };
  await generateLoad({ ...run, durationSeconds: options.warmupSeconds });
  const result = await generateLoad({
    ...run,
    durationSeconds: options.durationSeconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${target.url}: ${result.non2xx} non-2xx answers and ` +
        `${result.errors} errors; the bench measures only good answers`,
    );
  }
  return result;
}

/** One autocannon run. */
interface LoadRun extends Target {
  readonly connections: number;
  readonly durationSeconds: number;
}

// The child: import autocannon, run, print the summary as one JSON line.
const CHILD = `
const [moduleUrl, runJson] = process.argv.slice(1);
const { default: autocannon } = await import(moduleUrl);
const run = JSON.parse(runJson);
const result = await autocannon({
  url: run.url,
  connections: run.connections,
  duration: run.durationSeconds,
  headers: run.headers ?? {},
  requests: (run.paths ?? [new URL(run.url).pathname]).map(
    (path) => ({ method: 'GET', path }),
  ),
});
process.stdout.write(JSON.stringify({
  requestsPerSecond: result.requests.average,
  latencyP50Ms: result.latency.p50,
  latencyP99Ms: result.latency.p99,
  total: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
}));
`;

/** Runs autocannon in a child process against a listening server. */
export function generateLoad(run: LoadRun): Promise<LoadResult> {
  const moduleUrl = pathToFileURL(
    createRequire(import.meta.url).resolve('autocannon'),
  ).href;
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', CHILD, moduleUrl, JSON.stringify(run)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        const reason = Buffer.concat(err).toString('utf8');
        reject(new Error(`autocannon exited with ${code}: ${reason}`));
        return;
      }
      resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as LoadResult);
    });
  });
}

/** The API section of docs/BENCHMARKS.md. */
const API_SECTION: BenchSection = { marker: 'api-bench', heading: 'API' };

/** The API section's figures, as Markdown. */
export function formatSection(
  report: ApiBenchReport,
  machine: string,
  args: readonly string[],
): string {
  const { options } = report;
  const rows = report.rounds.flatMap((round, index) => [
    row(index + 1, 'GET /empty (bare Fastify)', round.empty),
    row(index + 1, 'the same answers, bare Fastify', round.sameAnswers),
    row(index + 1, 'device records, answer cache on', round.deviceRecords),
    row(index + 1, 'device records, answer cache off', round.uncached),
  ]);
  const verdict = report.ratio >= report.target ? 'met' : 'missed';
  return [
    `Measured on ${new Date().toISOString().slice(0, 10)} with ` +
      `\`satview bench ${args.join(' ')}\`, on ${machine}.`,
    '',
    `World: ${report.records.toLocaleString('en')} records (demo world, ` +
      `${options.premises} premises) in SQLite. Caller: ${report.party} ` +
      `with an API token. Load: autocannon in a child process, ` +
      `${options.connections} connections, ${options.durationSeconds} s ` +
      `per run after a ${options.warmupSeconds} s warm-up, cycling over ` +
      `${report.devices} devices' \`/api/devices/{id}/records` +
      `?limit=${options.limit}\` (mean answer ` +
      `${report.meanAnswerBytes.toLocaleString('en')} bytes).`,
    '',
    tableRow(['round', 'route', 'req/s', 'p50 ms', 'p99 ms']),
    tableRow(['---:', '---', '---:', '---:', '---:']),
    ...rows,
    '',
    `Target: device records ≥ ${report.target} × the empty route. ` +
      `With the answer cache (as served): ${report.ratio.toFixed(2)}×, ` +
      `${verdict}. Every answer computed: ` +
      `${report.uncachedRatio.toFixed(3)}×. The same answers from a bare ` +
      `Fastify route: ${report.sameAnswersRatio.toFixed(2)}× the empty ` +
      `route, and device records ${report.ofSameAnswers.toFixed(2)}× that.`,
  ].join('\n');
}

function row(round: number, route: string, result: LoadResult): string {
  return tableRow([
    String(round),
    route,
    result.requestsPerSecond.toFixed(0),
    result.latencyP50Ms.toFixed(0),
    result.latencyP99Ms.toFixed(0),
  ]);
}

/** Puts the figures between the API section's markers, adding the
 * section at the end of the file if it has none. */
export function replaceApiFigures(markdown: string, figures: string): string {
  return replaceSection(markdown, figures, API_SECTION);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
