/**
 * The checkpoint worker: copies a SQLite store's write-ahead log into the
 * database file when asked, on a connection of its own. Started by the WAL
 * checkpointer, never imported directly.
 */
import { parentPort, workerData } from 'node:worker_threads';

import SqliteDatabase from 'better-sqlite3';

import type {
  CheckpointReply,
  CheckpointRequest,
  CheckpointSetup,
} from './wal-checkpointer.ts';

const setup = workerData as CheckpointSetup;
const port = parentPort;
const db = openStore();

port?.on('message', (request: CheckpointRequest) => {
  if (db === null) return;
  if (request === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: CheckpointReply;
  try {
    // PASSIVE, as SQLite's own automatic checkpoint: it copies what is
    // committed and waits for no reader and no writer.
    db.pragma('wal_checkpoint(PASSIVE)');
    reply = { done: true };
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});

function openStore(): SqliteDatabase.Database | null {
  try {
    return new SqliteDatabase(setup.path, { fileMustExist: true });
  } catch (error) {
    const failed = error instanceof Error ? error.message : String(error);
    port?.postMessage({ failed } satisfies CheckpointReply);
    port?.close();
    return null;
  }
}
