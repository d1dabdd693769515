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

/** What the checkpoint worker answers: failed, once, when it cannot
 * open the store; else one reply a checkpoint, done or with its error. */
export type CheckpointReply =
  | { readonly failed: string }
  | { readonly done: true }
  | { readonly error: string };

/** Checkpoints that ran to the end, and why the last one failed, if it
 * did (a failed checkpoint loses nothing: the log keeps the frames). */
export interface CheckpointStats {
  completed: number;
  lastError: string | null;
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
  return new WalCheckpointer(sqlite);
}

/** A running checkpointer (see startWalCheckpointer). */
export class WalCheckpointer {
  readonly stats: CheckpointStats = { completed: 0, lastError: null };
  readonly #sqlite: SqliteDatabase.Database;
  readonly #thread: Worker;
  readonly #exited: Promise<void>;
  readonly #automatic: unknown;
  #running = false;
  #wanted = false;
  #stopped = false;
  #idle: (() => void) | null = null;

  constructor(sqlite: SqliteDatabase.Database) {
    this.#sqlite = sqlite;
    this.#thread = new Worker(
      workerScript(new URL('./checkpoint-worker.ts', import.meta.url)),
      {
        eval: true,
        execArgv: [],
        workerData: { path: sqlite.name } satisfies CheckpointSetup,
      },
    );
    // Only once the thread exists: should making it throw, the connection
    // keeps its automatic checkpoints.
    this.#automatic = sqlite.pragma('wal_autocheckpoint', { simple: true });
    sqlite.pragma('wal_autocheckpoint = 0');
    this.#exited = new Promise((resolve) =>
      this.#thread.on('exit', () => {
        this.#fail('the checkpoint thread exited');
        resolve();
      }),
    );
    // A worker's error arrives as a copy, an Error only if it was a plain
    // one (better-sqlite3's keep just their code).
    this.#thread.on('error', (error: unknown) =>
      this.#fail(
        error instanceof Error ? error.message : JSON.stringify(error),
      ),
    );
    this.#thread.on('message', (reply: CheckpointReply) => this.#read(reply));
  }

  /** Asks for a checkpoint of what is committed and returns at once; asks
   * made while one runs are served by one more checkpoint after it. */
  afterCommit(): void {
    if (this.#stopped) return;
    if (this.#running) this.#wanted = true;
    else this.#send();
  }

  /** Waits for the checkpoints asked for, stops the thread, and gives the
   * main connection its automatic checkpoints back. */
  async close(): Promise<void> {
    if (!this.#stopped && (this.#running || this.#wanted)) {
      await new Promise<void>((resolve) => (this.#idle = resolve));
    }
    if (!this.#stopped) {
      this.#stop();
      this.#thread.postMessage('close' satisfies CheckpointRequest);
    }
    await this.#exited;
  }

  #send(): void {
    this.#running = true;
    this.#wanted = false;
    this.#thread.postMessage('checkpoint' satisfies CheckpointRequest);
  }

  #read(reply: CheckpointReply): void {
    if ('failed' in reply) this.#fail(reply.failed);
    else if ('error' in reply) this.stats.lastError = reply.error;
    else this.stats.completed += 1;
    this.#running = false;
    if (this.#wanted && !this.#stopped) this.#send();
    else this.#idle?.();
  }

  #fail(why: string): void {
    if (this.#stopped) return;
    this.stats.lastError = why;
    this.#stop();
    this.#idle?.();
  }

  #stop(): void {
    this.#stopped = true;
    this.#sqlite.pragma(`wal_autocheckpoint = ${String(this.#automatic)}`);
  }
}

function isWalFile(sqlite: SqliteDatabase.Database): boolean {
  return (
    !sqlite.memory && sqlite.pragma('journal_mode', { simple: true }) === 'wal'
  );
}
