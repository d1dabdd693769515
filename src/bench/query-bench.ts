/**
 * `satview bench query [--records N] [--devices N] [--queries N] [--pg URL]
 * [--no-docs]`: what the visibility rule costs on the main read path.
 *
 * Generates a world directly into a fresh store (no XML, no parsing):
 * suppliers and network operators, N devices each with a meter point,
 * registrations (a tenth changed supplier during the year) and, for most,
 * a network-operator credential; then the records, spread evenly over the
 * devices and a year. It then pages one device's newest 100 records, for
 * many random devices, two ways, interleaved so that machine noise falls
 * on both alike:
 * - with the rule: `listDeviceRecords` as the device's Responsible
 *   Supplier (check the viewer, compute its grant, scoped page);
 * - without it: the same indexed page query, unscoped, and the same
 *   mapping to RecordView.
 * Bodies are not read in either (includePayload false): reading them costs
 * the same with or without the rule. Then it reads the first pages of
 * every supplier's portfolio feed as listFeed does (the window's newest
 * records first) and device by device (listFeed's fallback). It prints
 * the figures and rewrites the Visibility section of docs/BENCHMARKS.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import type { Command, CommandIo } from '../cli/command.ts';
import { parseFlags } from '../cli/command.ts';
import { loadConfig } from '../config/config.ts';
import { type Eui64, formatEui64 } from '../domain/eui64.ts';
import { openStore, type Store } from '../store/database.ts';
import { createScratchDatabase } from '../store/scratch-database.ts';
import { listDeviceRecords, listFeed } from '../visibility/record-query.ts';
import {
  normaliseRow,
  presentRecords,
  type RecordRow,
} from '../visibility/record-presenter.ts';
import { runShaped } from '../visibility/shaped-query.ts';
import { integerFlag } from '../cli/command-flags.ts';
import {
  BENCHMARKS_FILE,
  type BenchSection,
  describeMachine,
  replaceSection,
  tableRow,
  updateBenchmarksFile,
  whole,
} from './bench-report.ts';

const USAGE =
  'satview bench query [--records N] [--devices N] [--queries N] ' +
  '[--pg URL] [--no-docs]';

const FLAGS = {
  records: { type: 'string' },
  devices: { type: 'string' },
  queries: { type: 'string' },
  pg: { type: 'string' },
  'no-docs': { type: 'boolean' },
} as const;

const DAY = 86_400_000;
const YEAR_START = Date.UTC(2025, 0, 1);
const SWITCH_AT = Date.UTC(2025, 6, 1);
const NOW = Date.UTC(2026, 0, 1);
const SUPPLIERS = 10;
const OPERATORS = 5;
const SRVS = ['4.1.1', '4.8.1', '11.2', '1.1.1', '2.2', '6.15.1', '8.11'];
const KINDS = ['request', 'acknowledgement', 'response', 'device-alert'];

interface Options {
  readonly records: number;
  readonly devices: number;
  readonly queries: number;
}

/** Latencies of one way of querying, in milliseconds. */
interface Timing {
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
}

interface Result {
  readonly backend: string;
  readonly loadSeconds: number;
  readonly rows: number;
  readonly withRule: Timing;
  readonly withoutRule: Timing;
  /** Feed pages as listFeed reads them (the walk first). */
  readonly feed: Timing;
  /** The same pages read device by device (listFeed's fallback). */
  readonly feedByDevice: Timing;
}

export const benchmark: Command = {
  name: 'query',
  summary:
    'the device query with the visibility rule vs without it, and the feed',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseFlags(args, FLAGS, USAGE);
    const options: Options = {
      records:
        integerFlag(values.records, 'records', undefined, {
          min: 1,
          usage: USAGE,
        }) ?? 1_000_000,
      devices:
        integerFlag(values.devices, 'devices', undefined, {
          min: 1,
          usage: USAGE,
        }) ?? 10_000,
      queries:
        integerFlag(values.queries, 'queries', undefined, {
          min: 1,
          usage: USAGE,
        }) ?? 2_000,
    };
    const results = [await onSqlite(options, io)];
    const pgUrl = values.pg ?? loadConfig({}).testPostgresUrl;
    if (pgUrl !== null) results.push(await onPostgres(pgUrl, options, io));
    const section = formatSection(options, results, ['query', ...args]);
    io.stdout.write(`${section}\n`);
    if (values['no-docs'] !== true) {
      await updateBenchmarksFile(section, VISIBILITY_SECTION);
      io.stderr.write(`Updated ${BENCHMARKS_FILE}\n`);
    }
    return 0;
  },
};

async function onSqlite(options: Options, io: CommandIo): Promise<Result> {
  const dir = await mkdtemp(join(tmpdir(), 'satview-query-bench-'));
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'q.db') });
  try {
    return await measureStore(store, 'SQLite', options, io);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function onPostgres(
  url: string,
  options: Options,
  io: CommandIo,
): Promise<Result> {
  const scratch = await createScratchDatabase(url, 'satview_bench');
  const store = await openStore({ kind: 'postgres', url: scratch.url });
  try {
    return await measureStore(store, 'PostgreSQL', options, io);
  } finally {
    await store.close();
    await scratch.drop();
  }
}

async function measureStore(
  store: Store,
  backend: string,
  options: Options,
  io: CommandIo,
): Promise<Result> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  say(`${backend}: generating ${options.records} records…`);
  const started = performance.now();
  await buildBenchWorld(store, options);
  const loadSeconds = (performance.now() - started) / 1000;
  say(`${backend}: ${options.queries} device queries each way…`);
  const timings = await measureQueries(store, options);
  say(`${backend}: the first ${FEED_PAGES} feed pages of each supplier…`);
  const feeds = await measureFeeds(store);
  return { backend, loadSeconds, ...timings, ...feeds };
}

// ---------------------------------------------------------------------------
// The world

/** Writes the benchmark's world into an empty store. */
export async function buildBenchWorld(
  store: Store,
  options: Pick<Options, 'records' | 'devices'>,
): Promise<void> {
  await generateReference(store, options.devices);
  await generateRecords(store, options);
  if (store.dialect === 'postgres') await sql`analyze`.execute(store.db);
}

function deviceId(i: number): Eui64 {
  return `00db12${i.toString(16).padStart(10, '0')}` as Eui64;
}

function supplierUser(s: number): string {
  return `90b3d51f3001${s.toString(16).padStart(4, '0')}`;
}

function operatorUser(n: number): string {
  return `90b3d51f3002${n.toString(16).padStart(4, '0')}`;
}

function mpanOf(i: number): string {
  return String(1_000_000_000_000 + i);
}

/** The supplier of device i now (after the mid-year switches). */
function currentSupplier(i: number): number {
  return i % 10 === 0 ? (i + 1) % SUPPLIERS : i % SUPPLIERS;
}

async function generateReference(store: Store, devices: number) {
  const parties = [
    ...range(SUPPLIERS).map((s) => ({
      party_id: `S${s}`,
      name: `Supplier ${s}`,
    })),
    ...range(OPERATORS).map((n) => ({
      party_id: `N${n}`,
      name: `Operator ${n}`,
    })),
  ];
  await store.db.insertInto('party').values(parties).execute();
  await store.db
    .insertInto('dcc_user')
    .values([
      ...range(SUPPLIERS).map((s) => ({
        user_id: supplierUser(s),
        party_id: `S${s}`,
        role: 'IS',
      })),
      ...range(OPERATORS).map((n) => ({
        user_id: operatorUser(n),
        party_id: `N${n}`,
        role: 'ED',
      })),
    ])
    .execute();
  for (const chunk of chunks(range(devices), 1000)) {
    await insertDeviceFacts(store, chunk);
  }
}

async function insertDeviceFacts(store: Store, ids: readonly number[]) {
  const db = store.db;
  await db
    .insertInto('device')
    .values(
      ids.map((i) => ({
        device_id: deviceId(i),
        device_type: 'ESME',
        smets: 2,
      })),
    )
    .execute();
  await db
    .insertInto('meter_point')
    .values(
      ids.map((i) => ({
        device_id: deviceId(i),
        mpxn: mpanOf(i),
        valid_from: YEAR_START,
        valid_to: null,
      })),
    )
    .execute();
  await db
    .insertInto('registration')
    .values(ids.flatMap((i) => registrations(i)))
    .execute();
  const credentialed = ids.filter((i) => i % 10 < 7);
  if (credentialed.length > 0) {
    await db
      .insertInto('credential')
      .values(
        credentialed.map((i) => ({
          device_id: deviceId(i),
          anchor: 'network-operator',
          party_id: `N${i % OPERATORS}`,
          valid_from: YEAR_START,
          valid_to: null,
        })),
      )
      .execute();
  }
}

function registrations(i: number) {
  const mpxn = mpanOf(i);
  const operator = {
    mpxn,
    role: 'ED',
    party_id: `N${i % OPERATORS}`,
    valid_from: YEAR_START,
    valid_to: null,
  };
  if (i % 10 !== 0) {
    return [
      {
        mpxn,
        role: 'IS',
        party_id: `S${i % SUPPLIERS}`,
        valid_from: YEAR_START,
        valid_to: null,
      },
      operator,
    ];
  }
  return [
    {
      mpxn,
      role: 'IS',
      party_id: `S${i % SUPPLIERS}`,
      valid_from: YEAR_START,
      valid_to: SWITCH_AT,
    },
    {
      mpxn,
      role: 'IS',
      party_id: `S${currentSupplier(i)}`,
      valid_from: SWITCH_AT,
      valid_to: null,
    },
    operator,
  ];
}

/** The values of record n, in RECORD_COLUMNS order below. */
function recordValues(
  n: number,
  options: Pick<Options, 'records' | 'devices'>,
): (string | number | null)[] {
  const device = n % options.devices;
  const sender = (n * 7) % 13;
  const user =
    sender < SUPPLIERS
      ? supplierUser(sender)
      : operatorUser(sender % OPERATORS);
  const loggedAt =
    YEAR_START + Math.floor((n / options.records) * 365 * DAY) + (n % 997);
  const kind = KINDS[n % KINDS.length] ?? 'request';
  const srv = kind === 'device-alert' ? null : (SRVS[n % SRVS.length] ?? null);
  return [
    n.toString(16).padStart(16, '0'),
    kind,
    `${formatEui64(user)}:${formatEui64(deviceId(device))}:${n}`,
    deviceId(device),
    user,
    srv,
    kind === 'request' ? null : 'I0',
    loggedAt,
    'envelope',
    '5.4',
    '',
    `bench:${n}`,
  ];
}

const RECORD_COLUMNS = [
  'digest',
  'kind',
  'request_id',
  'device_id',
  'user_id',
  'srv',
  'response_code',
  'logged_at',
  'logged_at_source',
  'schema_version',
  'flags',
  'source',
];

async function generateRecords(
  store: Store,
  options: Pick<Options, 'records' | 'devices'>,
) {
  const batch = 100_000;
  for (let start = 0; start < options.records; start += batch) {
    const end = Math.min(options.records, start + batch);
    if (store.sqlite !== null) insertSqlite(store.sqlite, start, end, options);
    else await copyPostgres(store, start, end, options);
  }
}

function insertSqlite(
  sqlite: NonNullable<Store['sqlite']>,
  start: number,
  end: number,
  options: Pick<Options, 'records' | 'devices'>,
) {
  const insert = sqlite.prepare(
    `insert into sat_record (${RECORD_COLUMNS.join(', ')}) ` +
      `values (${RECORD_COLUMNS.map(() => '?').join(', ')})`,
  );
  sqlite.transaction(() => {
    for (let n = start; n < end; n++) insert.run(...recordValues(n, options));
  })();
}

async function copyPostgres(
  store: Store,
  start: number,
  end: number,
  options: Pick<Options, 'records' | 'devices'>,
) {
  const lines: string[] = [];
  for (let n = start; n < end; n++) {
    const values = recordValues(n, options).map((v) =>
      v === null ? '\\N' : String(v),
    );
    lines.push(values.join('\t') + '\n');
  }
  const client = await (store.pool as pg.Pool).connect();
  try {
    const copy = client.query(
      copyFrom(`copy sat_record (${RECORD_COLUMNS.join(', ')}) from stdin`),
    );
    await pipeline(Readable.from(lines), copy);
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------------------
// The measurement

async function measureQueries(
  store: Store,
  options: Options,
): Promise<Pick<Result, 'rows' | 'withRule' | 'withoutRule'>> {
  const withRule: number[] = [];
  const withoutRule: number[] = [];
  let rows = 0;
  const filter = { limit: 100, includePayload: false };
  const warmUp = Math.min(200, options.queries);
  for (let q = 0; q < options.queries + warmUp; q++) {
    const i = Math.floor(Math.random() * options.devices);
    const viewer = { partyId: `S${currentSupplier(i)}` };
    const ruled = () =>
      listDeviceRecords(store, viewer, deviceId(i), filter, NOW);
    const plain = () => unscopedPage(store, deviceId(i));
    // Alternate which runs first, so neither always finds a warmer cache.
    const [a, b] = q % 2 === 0 ? [ruled, plain] : [plain, ruled];
    const first = await timed(a);
    const second = await timed(b);
    if (q < warmUp) continue;
    const [ruledMs, plainMs] = q % 2 === 0 ? [first, second] : [second, first];
    withRule.push(ruledMs.ms);
    withoutRule.push(plainMs.ms);
    rows += ruledMs.count;
  }
  return {
    rows: rows / options.queries,
    withRule: summarise(withRule),
    withoutRule: summarise(withoutRule),
  };
}

/** Feed pages read per supplier, each way. */
const FEED_PAGES = 3;

/**
 * The first FEED_PAGES pages (100 records, no bodies) of every supplier's
 * portfolio feed, two ways that alternate by supplier: as listFeed reads
 * them, and with a walk of no records, so that every page is read device
 * by device, as listFeed falls back to.
 */
async function measureFeeds(
  store: Store,
): Promise<Pick<Result, 'feed' | 'feedByDevice'>> {
  const walked: number[] = [];
  const byDevice: number[] = [];
  const pagesOf = async (party: string, walkRows: number | undefined) => {
    const times: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < FEED_PAGES; page++) {
      const filter = { limit: 100, includePayload: false, cursor };
      const viewer = { partyId: party };
      const started = performance.now();
      const read = await listFeed(store, viewer, filter, NOW, walkRows);
      times.push(performance.now() - started);
      cursor = read.nextCursor ?? undefined;
      if (cursor === undefined) break;
    }
    return times;
  };
  await pagesOf('S0', undefined);
  for (const s of range(SUPPLIERS)) {
    const firstWalked = s % 2 === 0;
    for (const walk of firstWalked ? [true, false] : [false, true]) {
      const times = await pagesOf(`S${s}`, walk ? undefined : 0);
      (walk ? walked : byDevice).push(...times);
    }
  }
  return { feed: summarise(walked), feedByDevice: summarise(byDevice) };
}

/** The same page of a device's records with no viewer and no rule, built
 * as the record queries build theirs (one statement prepared once, the
 * sender joined, newest first): only this benchmark reads this way. */
async function unscopedPage(store: Store, device: Eui64) {
  const rows = await runShaped<RecordRow>(
    store,
    'bench-unscoped',
    (p) =>
      store.db
        .selectFrom('sat_record as r')
        .leftJoin('dcc_user as u', 'u.user_id', 'r.user_id')
        .selectAll('r')
        .select(['u.party_id as sender_party', 'u.role as sender_role'])
        .where(sql<boolean>`r.device_id = ${p(0)}`)
        .orderBy('r.logged_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(101),
    [device],
  );
  const page = rows.slice(0, 100).map(normaliseRow);
  const records = await presentRecords(store, page, {
    partyId: '',
    grantOf: () => UNSCOPED,
    includePayload: false,
  });
  return { records };
}

const UNSCOPED = {
  device_id: '',
  basis: 'responsible-supplier',
  valid_from: 0,
  valid_to: null,
} as const;

async function timed(
  run: () => Promise<{ records: readonly unknown[] } | null>,
): Promise<{ ms: number; count: number }> {
  const start = performance.now();
  const page = await run();
  return { ms: performance.now() - start, count: page?.records.length ?? 0 };
}

function summarise(values: readonly number[]): Timing {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))] ?? 0;
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return { mean, p50: at(0.5), p95: at(0.95) };
}

// ---------------------------------------------------------------------------
// The report

function formatSection(
  options: Options,
  results: readonly Result[],
  args: readonly string[],
): string {
  const rows = results.flatMap((r) => [
    timingRow(r.backend, 'with the rule', r.withRule, [
      (r.withRule.mean / r.withoutRule.mean).toFixed(2),
      (r.withRule.p50 / r.withoutRule.p50).toFixed(2),
    ]),
    timingRow(r.backend, 'without', r.withoutRule, ['1.00', '1.00']),
  ]);
  const verdicts = results.map((r) => {
    const ratio = r.withRule.mean / r.withoutRule.mean;
    const met = ratio <= 1.5 ? 'met' : '**not met**';
    return (
      `- ${r.backend}: ${ratio.toFixed(2)}× on the mean, ${met} ` +
      `(generated and loaded in ${r.loadSeconds.toFixed(0)} s; ` +
      `${r.rows.toFixed(0)} records a page).`
    );
  });
  return [
    `Measured on ${new Date().toISOString().slice(0, 10)} with`,
    `\`satview bench ${args.join(' ')}\`, on ${describeMachine()}.`,
    '',
    `World: ${whole(options.records)} records over ${whole(options.devices)} ` +
      `ESMEs (about ${whole(options.records / options.devices)} each, over ` +
      `a year), ${SUPPLIERS} suppliers (a tenth of the devices changed ` +
      `supplier mid-year), ${OPERATORS} network operators (credentials on ` +
      '70% of the devices, the registered ED standing in for the rest).',
    '',
    `Query: the newest page (100 records, no bodies) of ${whole(options.queries)} ` +
      'random devices, as the Responsible Supplier (`listDeviceRecords`), ' +
      'and the same indexed page query with no viewer and no rule, with ' +
      'the same mapping to RecordView; the two alternate.',
    '',
    tableRow([
      'store',
      'query',
      'mean ms',
      'p50 ms',
      'p95 ms',
      '× mean',
      '× p50',
    ]),
    tableRow(['---', '---', '---:', '---:', '---:', '---:', '---:']),
    ...rows,
    '',
    'Target: the rule costs at most 1.5× the unscoped query.',
    ...verdicts,
    '',
    `Feed: the first ${FEED_PAGES} pages (100 records, no bodies) of each ` +
      `supplier's portfolio feed (\`listFeed\`: other parties' records on ` +
      'the devices it is responsible for now), as listFeed reads them ' +
      `(the window's newest records first), and read device by device ` +
      '(its fallback); the two alternate by supplier.',
    '',
    tableRow(['store', 'feed page', 'mean ms', 'p50 ms', 'p95 ms', '× mean']),
    tableRow(['---', '---', '---:', '---:', '---:', '---:']),
    ...results.flatMap((r) => [
      timingRow(r.backend, 'as listFeed reads it', r.feed, [
        (r.feed.mean / r.feedByDevice.mean).toFixed(2),
      ]),
      timingRow(r.backend, 'device by device', r.feedByDevice, ['1.00']),
    ]),
  ].join('\n');
}

/** A table row: store, what was timed, its mean, p50 and p95 in ms, then
 * its ratios to the baseline. */
function timingRow(
  backend: string,
  label: string,
  timing: Timing,
  ratios: readonly string[],
): string {
  const ms = (value: number) => value.toFixed(3);
  return tableRow([
    backend,
    label,
    ms(timing.mean),
    ms(timing.p50),
    ms(timing.p95),
    ...ratios,
  ]);
}

/** The Visibility section of docs/BENCHMARKS.md. */
const VISIBILITY_SECTION: BenchSection = {
  marker: 'query-bench',
  heading: 'Visibility',
};

/** Puts the figures between the Visibility section's markers, adding the
 * section at the end of the file if it has none. */
export function replaceVisibilityFigures(
  markdown: string,
  figures: string,
): string {
  return replaceSection(markdown, figures, VISIBILITY_SECTION);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}
