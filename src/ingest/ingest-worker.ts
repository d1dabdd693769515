/**
 * A parse worker: runs ingest tasks that the main thread sends and posts
 * back their results. Started by the parse pool, never imported directly.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { readDuisMessage } from '../duis/duis-reader.ts';
import { runTask } from './ingest-task.ts';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './parse-pool.ts';

const setup = workerData as WorkerSetup;
const port = parentPort;

port?.on('message', (request: WorkerRequest) => {
  try {
    const result = runTask(request.task, readDuisMessage, setup.maxBytes);
    const reply: WorkerReply = { id: request.id, result };
    // runTask gives the payloads their own ArrayBuffer: move, not copy.
    port.postMessage(reply, [result.payloads.buffer as ArrayBuffer]);
  } catch (error) {
    const message = error instanceof Error ? error.stack : String(error);
    const reply: WorkerReply = { id: request.id, error: String(message) };
    port.postMessage(reply);
  }
});
port?.postMessage({ ready: true });
