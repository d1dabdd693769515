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
import { parseEui64 } from '../domain/eui64.ts';
import type { Store } from '../store/database.ts';
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
  withStore,
} from './command.ts';
import {
  formatFlag,
  integerFlag,
  timeFlag,
  usageError,
  viewerFlag,
} from './command-flags.ts';
import { notVisible } from './device-view-command.ts';

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
    throw usageError(
      'give exactly one of --device, --request and --mpxn',
      USAGE,
    );
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
  return integerFlag(text, 'limit', 100, { min: 1, usage: USAGE });
}
