/**
 * `satview ingest [--db X] [--json] PATH...`: loads SAT messages (DUIS XML
 * files, folders, .gz, NDJSON) and reference CSV files into the store, and
 * says what happened: accepted, duplicates, quarantined.
 */
import { SingleBar } from 'cli-progress';

import { loadConfig } from '../config/config.ts';
import { SatviewError } from '../errors/satview-error.ts';
import {
  type IngestProgress,
  type IngestSummary,
  ingestPaths,
} from '../ingest/ingest-pipeline.ts';
import { openStore } from '../store/database.ts';
import {
  type Command,
  type CommandIo,
  parseFlags,
  STORE_FLAGS,
} from './command.ts';
import { integerFlag } from './command-flags.ts';

const USAGE =
  'satview ingest [--db X] [--json] [--batch-size N] [--workers N] PATH...';

const FLAGS = {
  ...STORE_FLAGS,
  json: { type: 'boolean' },
  'batch-size': { type: 'string' },
  workers: { type: 'string' },
} as const;

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT). */
const INTERRUPTED = 130;

export const command: Command = {
  name: 'ingest',
  summary: 'load SAT messages (XML, folders, .gz, NDJSON) and reference CSV',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, FLAGS, USAGE);
    if (positionals.length === 0) {
      throw new SatviewError(
        'usage',
        `Name at least one path.\nusage: ${USAGE}`,
      );
    }
    const config = loadConfig({
      database: values.db,
      logLevel: values['log-level'],
      batchSize: values['batch-size'],
    });
    const store = await openStore(config.database);
    const stop = new AbortController();
    const onSigint = () => stop.abort();
    process.once('SIGINT', onSigint);
    const progress = startProgress(io);
    try {
      const summary = await ingestPaths(store, positionals, {
        batchSize: config.batchSize,
        maxBytes: config.maxMessageBytes,
        workers: integerFlag(values.workers, 'workers', undefined, {
          min: 0,
          max: 64,
          usage: USAGE,
        }),
        signal: stop.signal,
        onProgress: progress?.update,
      });
      progress?.stop();
      io.stdout.write(
        values.json === true ? `${JSON.stringify(summary)}\n` : report(summary),
      );
      return summary.interrupted ? INTERRUPTED : 0;
    } finally {
      progress?.stop();
      process.off('SIGINT', onSigint);
      await store.close();
    }
  },
};

interface Progress {
  update(progress: IngestProgress): void;
  stop(): void;
}

/** A progress bar on stderr, only when a person is watching it. */
function startProgress(io: CommandIo): Progress | null {
  if (io.stderr.isTTY !== true) return null;
  const bar = new SingleBar({
    stream: io.stderr,
    format: ' {bar} {percentage}% | {value}/{total} MB | {messages} messages',
    hideCursor: true,
  });
  let started = false;
  return {
    update(progress) {
      const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
      const payload = { messages: progress.messages };
      if (!started) {
        bar.start(mb(progress.totalBytes), 0, payload);
        started = true;
      }
      bar.update(mb(progress.bytesRead), payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** The summary for a person to read. */
function report(summary: IngestSummary): string {
  const lines = [
    `Read ${count(summary.messages, 'message')} from ` +
      `${count(summary.files, 'file')} in ` +
      `${summary.seconds.toFixed(1)} s ` +
      `(${Math.round(summary.messagesPerSecond)} messages/s, ` +
      `${summary.megabytesPerSecond.toFixed(1)} MB/s).`,
    `  accepted     ${summary.accepted}`,
    `  duplicates   ${summary.duplicates}`,
    `  quarantined  ${summary.quarantined}`,
  ];
  if (summary.refused > 0) lines.push(refusedNote(summary));
  const references = summary.references;
  if (references.accepted + references.duplicates + references.quarantined) {
    lines.push(
      `Reference rows: ${references.accepted} accepted, ` +
        `${references.duplicates} duplicates, ` +
        `${references.quarantined} quarantined.`,
    );
  }
  if (summary.skipped.length > 0) {
    lines.push(
      `Skipped ${summary.skipped.length} files that are neither SAT nor ` +
        `reference input: ${summary.skipped.join(', ')}`,
    );
  }
  if (summary.interrupted) {
    lines.push(
      'Interrupted: what was read is stored; run the same command again ' +
        'to load the rest (nothing is loaded twice).',
    );
  }
  return `${lines.join('\n')}\n`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function refusedNote(summary: IngestSummary): string {
  const earlier = summary.refused - summary.quarantined;
  const already = earlier > 0 ? ` (${earlier} were already there)` : '';
  return (
    `${summary.refused} messages could not be read and are in the ` +
    `quarantine${already}; \`satview quarantine\` lists them with the reason.`
  );
}
