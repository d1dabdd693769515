/**
 * `satview query`: the records a party may see of a device, an MPxN or a
 * Request thread, newest first (a thread in time order), as an aligned
 * table or as NDJSON (one RecordView per line).
 *
 * Exit codes: 0 when the device, MPxN or thread is visible to the party
 * (even if the filters leave no record), 1 when it is not ("no record
 * visible to PARTY", the same answer as for something that does not
 * exist), 2 for a usage error.
 */
import { loadConfig } from '../config/config.ts';
import { parseEui64 } from '../domain/eui64.ts';
import { SatviewError } from '../errors/satview-error.ts';
import { parseIsoTime } from '../ingest/iso-time.ts';
import { openStore, type Store } from '../store/database.ts';
import { MAX_LIMIT } from '../visibility/record-cursor.ts';
import { recordTable, threadHeading } from '../visibility/record-text.ts';
import type {
  RecordFilter,
  RecordPage,
  RecordView,
  Viewer,
} from '../visibility/record-view.ts';
import {
  getThread,
  listDeviceRecords,
  listMpxnRecords,
} from '../visibility/visibility-api.ts';
import {
  type Command,
  type CommandIo,
  parseFlags,
  STORE_FLAGS,
} from './command.ts';

const USAGE =
  'satview query [--db X] --as PARTY (--device ID | --request RID | ' +
  '--mpxn MPXN) [--from T] [--to T] [--srv SRV] [--sender-role ROLE] ' +
  '[--limit N] [--at T] [--format table|ndjson]';

const FLAGS = {
  ...STORE_FLAGS,
  as: { type: 'string' },
  device: { type: 'string' },
  request: { type: 'string' },
  mpxn: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  srv: { type: 'string' },
  'sender-role': { type: 'string' },
  limit: { type: 'string' },
  at: { type: 'string' },
  format: { type: 'string' },
} as const;

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

export const command: Command = {
  name: 'query',
  summary: 'list the records a party may see of a device, MPxN or request',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseFlags(args, FLAGS, USAGE);
    const viewer = viewerFlag(values.as, USAGE);
    const format = formatFlag(values.format, ['table', 'ndjson'], USAGE);
    const at = timeFlag(values.at, 'at', USAGE);
    return withStore(values, async (store) => {
      const records = await query(store, viewer, values, at, io, format);
      if (records === null) return notVisible(io, viewer);
      writeRecords(io, records, format);
      return 0;
    });
  },
};

async function query(
  store: Store,
  viewer: Viewer,
  values: Flags,
  at: number | undefined,
  io: CommandIo,
  format: string,
): Promise<RecordView[] | null> {
  const targets = [values.device, values.request, values.mpxn];
  if (targets.filter((v) => v !== undefined).length !== 1) {
    throw usage('give exactly one of --device, --request and --mpxn');
  }
  if (values.request !== undefined) {
    const thread = await getThread(store, viewer, values.request, at);
    if (thread !== null && format === 'table') {
      io.stdout.write(threadHeading(thread).join('\n') + '\n\n');
    }
    return thread === null ? null : [...thread.records];
  }
  const filter = filterOf(values);
  const wanted = limitFlag(values.limit);
  const fetch = (page: RecordFilter) =>
    values.device !== undefined
      ? listDeviceRecords(store, viewer, parseEui64(values.device), page, at)
      : listMpxnRecords(store, viewer, values.mpxn ?? '', page, at);
  return collect(fetch, filter, wanted);
}

/** Pages through a list until `wanted` records (or the end). */
async function collect(
  fetch: (filter: RecordFilter) => Promise<RecordPage | null>,
  filter: RecordFilter,
  wanted: number,
): Promise<RecordView[] | null> {
  const out: RecordView[] = [];
  let cursor: string | undefined;
  for (;;) {
    const limit = Math.min(MAX_LIMIT, wanted - out.length);
    const page = await fetch({ ...filter, limit, cursor });
    if (page === null) return null;
    out.push(...page.records);
    if (page.nextCursor === null || out.length >= wanted) return out;
    cursor = page.nextCursor;
  }
}

function filterOf(values: Flags): RecordFilter {
  return {
    from: timeFlag(values.from, 'from', USAGE),
    to: timeFlag(values.to, 'to', USAGE),
    srv: values.srv,
    senderRole: values['sender-role'],
  };
}

function writeRecords(
  io: CommandIo,
  records: readonly RecordView[],
  format: string,
): void {
  if (format === 'ndjson') {
    for (const record of records) {
      io.stdout.write(JSON.stringify(record) + '\n');
    }
    return;
  }
  if (records.length === 0) {
    io.stderr.write('no record matches the filters\n');
    return;
  }
  io.stdout.write(recordTable(records).join('\n') + '\n');
}

function limitFlag(text: string | undefined): number {
  if (text === undefined) return 100;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1) {
    throw usage(`--limit '${text}' is not a positive integer`);
  }
  return limit;
}

/** The viewer named by --as; a usage error when missing. */
export function viewerFlag(party: string | undefined, usageText: string) {
  if (party === undefined || party.trim() === '') {
    throw usage('--as PARTY is required', usageText);
  }
  return { partyId: party.trim() };
}

/** A flag that must be given; a usage error when missing. */
export function requiredFlag(
  value: string | undefined,
  name: string,
  usageText: string,
): string {
  if (value === undefined || value.trim() === '') {
    throw usage(`--${name} is required`, usageText);
  }
  return value;
}

/** An ISO 8601 time flag, as epoch ms. */
export function timeFlag(
  text: string | undefined,
  name: string,
  usageText = USAGE,
): number | undefined {
  if (text === undefined) return undefined;
  const value = parseIsoTime(text);
  if (value === undefined) {
    throw usage(`--${name} '${text}' is not an ISO 8601 time`, usageText);
  }
  return value;
}

/** A --format flag checked against the formats a command writes. */
export function formatFlag(
  text: string | undefined,
  formats: readonly string[],
  usageText: string,
): string {
  const format = text ?? formats[0] ?? '';
  if (!formats.includes(format)) {
    throw usage(
      `--format '${format}' is not one of ${formats.join(', ')}`,
      usageText,
    );
  }
  return format;
}

/** Opens the store the flags name, runs `body`, and closes it. */
export async function withStore(
  values: { db?: string; 'log-level'?: string },
  body: (store: Store) => Promise<number>,
): Promise<number> {
  const config = loadConfig({
    database: values.db,
    logLevel: values['log-level'],
  });
  const store = await openStore(config.database);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/** The answer for anything the viewer may not see (or that is not). */
export function notVisible(io: CommandIo, viewer: Viewer): number {
  io.stderr.write(`no record visible to ${viewer.partyId}\n`);
  return 1;
}

function usage(reason: string, usageText = USAGE): SatviewError {
  return new SatviewError('usage', `${reason}\nusage: ${usageText}`);
}
