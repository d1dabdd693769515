/**
 * Checkpoints a SQLite store's write-ahead log on a thread of its own while
 * the ingest writes.
 *
 * SQLite checkpoints on the committing connection: after a commit that
 * leaves the log over 1,000 pages, the commit copies the log into the
 * database file and syncs both, which for one 20,000-record batch is some
 * 35 MB copied and two syncs of 20 to 35 ms each. The ingest's writer is
 * the main thread, which also feeds the parse workers, so they went idle
 * while it waited. With the checkpointer, the main connection's automatic
 * checkpoint is off for the run, and after each commit a worker thread
 * runs the same PASSIVE checkpoint on its own connection: the log is
 * copied as often as before, but nothing waits for it.
 */
import { Worker } from 'node:worker_threads';

import type SqliteDatabase from 'better-sqlite3';

import type { Store } from '../store/database.ts';
import { workerScript } from './worker-script.ts';

/** What the checkpoint worker is started with. */
export interface CheckpointSetup {
  /** The store's database file. */
  readonly path: string;
}

/** What the checkpoint worker is asked. */
export type CheckpointRequest = 'checkpoint' | 'close';

/** What the checkpoint worker answers: ready once (or failed, when it
 * cannot open the store), then one reply a checkpoint, in frames of the
 * log. */
export type CheckpointReply =
  | { readonly ready: true }
  | { readonly failed: string }
  | { readonly checkpointed: number; readonly log: number }
  | { readonly error: string };

/** A running checkpointer. */
export interface WalCheckpointer {
  /** Asks for a checkpoint of what is committed and returns at once; asks
   * made while one runs are served by one more checkpoint after it. */
  afterCommit(): void;
  /** Checkpoints that ran to the end, and why the last one failed, if it
   * did (a failed checkpoint loses nothing: the log keeps the frames). */
  readonly stats: { completed: number; lastError: string | null };
  /** Waits for the checkpoints asked for, stops the thread, and gives the
   * main connection its automatic checkpoints back. */
  close(): Promise<void>;
}

/**
 * Starts a checkpointer for a store, or answers null when the store has
 * no log to checkpoint (PostgreSQL, or SQLite in memory). Should the
 * thread fail, the main connection gets its automatic checkpoints back at
 * once, so the log never grows unchecked.
 */
export function startWalCheckpointer(store: Store): WalCheckpointer | null {
  const sqlite = store.sqlite;
  if (sqlite === null || !isWalFile(sqlite)) return null;
  const thread = new Worker(
    workerScript(new URL('./checkpoint-worker.ts', import.meta.url)),
    {
      eval: true,
      execArgv: [],
      workerData: { path: sqlite.name } satisfies CheckpointSetup,
    },
  );
  // Only once the thread exists: should making it throw, the connection
  // keeps its automatic checkpoints.
  const automatic = sqlite.pragma('wal_autocheckpoint', { simple: true });
  const restore = () => sqlite.pragma(`wal_autocheckpoint = ${automatic}`);
  sqlite.pragma('wal_autocheckpoint = 0');
  const stats = { completed: 0, lastError: null as string | null };
  let running = false;
  let wanted = false;
  let stopped = false;
  let idle: (() => void) | null = null;
  const send = () => {
    running = true;
    wanted = false;
    thread.postMessage('checkpoint' satisfies CheckpointRequest);
  };
  const settle = () => {
    running = false;
    if (wanted && !stopped) send();
    else if (!wanted) idle?.();
  };
  const exited = new Promise<void>((resolve) => {
    thread.on('exit', () => {
      if (!stopped) fail('the checkpoint thread exited');
      resolve();
    });
  });
  const fail = (why: string) => {
    if (stopped) return;
    stopped = true;
    stats.lastError = why;
    restore();
    idle?.();
  };
  // A worker's error arrives as a copy, an Error only if it was a plain
  // one (better-sqlite3's keep just their code).
  thread.on('error', (error: unknown) =>
    fail(error instanceof Error ? error.message : JSON.stringify(error)),
  );
  thread.on('message', (reply: CheckpointReply) => {
    if ('ready' in reply) return;
    if ('failed' in reply) fail(reply.failed);
    else if ('error' in reply) stats.lastError = reply.error;
    else stats.completed += 1;
    settle();
  });

  return {
    stats,
    afterCommit() {
      if (stopped) return;
      if (running) wanted = true;
      else send();
    },
    async close() {
      if (!stopped) {
        if (running || wanted) {
          await new Promise<void>((resolve) => (idle = resolve));
        }
        if (!stopped) {
          stopped = true;
          thread.postMessage('close' satisfies CheckpointRequest);
          restore();
        }
      }
      await exited;
    },
  };
}

function isWalFile(sqlite: SqliteDatabase.Database): boolean {
  return (
    !sqlite.memory && sqlite.pragma('journal_mode', { simple: true }) === 'wal'
  );
}
