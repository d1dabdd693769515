/**
 * `satview quarantine [--db X] [--limit N] [--offset N] [--json]`: what
 * ingest refused and why (source, error code, reason, when), newest first.
 */
import { loadConfig } from '../config/config.ts';
import { openStore } from '../store/database.ts';
import {
  type QuarantineEntry,
  countQuarantine,
  listQuarantine,
} from '../store/quarantine-store.ts';
import { type Command, parseFlags, STORE_FLAGS } from './command.ts';
import { integerFlag } from './command-flags.ts';

const USAGE =
  'satview quarantine [--db X] [--limit N] [--offset N] [--json] [--content]';

const FLAGS = {
  ...STORE_FLAGS,
  limit: { type: 'string' },
  offset: { type: 'string' },
  json: { type: 'boolean' },
  content: { type: 'boolean' },
} as const;

const DEFAULT_LIMIT = 50;

export const command: Command = {
  name: 'quarantine',
  summary: 'list the input that ingest refused, with the reason',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseFlags(args, FLAGS, USAGE);
    const limit = integerFlag(values.limit, 'limit', DEFAULT_LIMIT, {
      min: 0,
      usage: USAGE,
    });
    const offset = integerFlag(values.offset, 'offset', 0, {
      min: 0,
      usage: USAGE,
    });
    const config = loadConfig({
      database: values.db,
      logLevel: values['log-level'],
    });
    const store = await openStore(config.database);
    try {
      const entries = await listQuarantine(store, { limit, offset });
      const total = await countQuarantine(store);
      const withContent = values.content === true;
      io.stdout.write(
        values.json === true
          ? ndjson(entries, withContent)
          : table(entries, total, offset, withContent),
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};

/** One JSON object a line, as the other listing commands write. */
function ndjson(entries: readonly QuarantineEntry[], withContent: boolean) {
  return entries
    .map((entry) => `${JSON.stringify(shown(entry, withContent))}\n`)
    .join('');
}

function shown(entry: QuarantineEntry, withContent: boolean) {
  return {
    quarantinedAt: new Date(entry.quarantinedAt).toISOString(),
    source: entry.source,
    code: entry.code,
    reason: entry.reason,
    digest: entry.digest,
    ...(withContent ? { content: entry.content } : {}),
  };
}

function table(
  entries: readonly QuarantineEntry[],
  total: number,
  offset: number,
  withContent: boolean,
): string {
  if (total === 0) return 'The quarantine is empty.\n';
  if (entries.length === 0) {
    return `Nothing from entry ${offset + 1} on; there are ${total}.\n`;
  }
  const lines = entries.map((entry) => {
    const when = new Date(entry.quarantinedAt).toISOString();
    const head = `${when}  ${entry.code}  ${entry.source}\n    ${entry.reason}`;
    return withContent ? `${head}\n${indent(entry.content)}` : head;
  });
  const shownTo = offset + entries.length;
  lines.push(`(${offset + 1}–${shownTo} of ${total}, newest first)`);
  return `${lines.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}
