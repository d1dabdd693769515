/**
 * The parse pool: worker threads that read, digest and compress messages
 * while the main thread writes (parsing is CPU-bound; the store's writes
 * are not free either, so both cores stay busy). With no workers, tasks run
 * inline on the main thread, which suits small inputs: a worker costs a
 * few hundred milliseconds to start.
 */
import { Worker } from 'node:worker_threads';

import { readDuisMessage } from '../duis/duis-reader.ts';
import {
  type IngestTask,
  movableBuffers,
  type TaskResult,
  runTask,
} from './ingest-task.ts';
import { workerScript } from './worker-script.ts';

/** What each worker is started with. */
export interface WorkerSetup {
  readonly maxBytes: number;
}

/** A task sent to a worker. */
export interface WorkerRequest {
  readonly id: number;
  readonly task: IngestTask;
}

/** A worker's answer to one task. */
export type WorkerReply =
  | { readonly id: number; readonly result: TaskResult }
  | { readonly id: number; readonly error: string };

/** Runs ingest tasks, on workers or inline. */
export interface ParsePool {
  /** Worker threads in use; 0 when tasks run inline. */
  readonly workers: number;
  run(task: IngestTask): Promise<TaskResult>;
  close(): Promise<void>;
}

export interface ParsePoolOptions extends WorkerSetup {
  readonly workers: number;
  /** Run tasks inline until a worker is ready (default true); false waits
   * for the workers instead. */
  readonly inlineWhileStarting?: boolean;
}

/**
 * Starts a pool. Workers take a moment to boot, so until the first is
 * ready tasks run inline: the start-up overlaps useful work instead of
 * delaying it. Rejects when a worker cannot start and the caller chose to
 * wait.
 */
export async function startParsePool(
  options: ParsePoolOptions,
): Promise<ParsePool> {
  const inline = inlinePool(options);
  if (options.workers <= 0) return inline;
  const ready: PoolWorker[] = [];
  let failed: Error | null = null;
  const starting = Array.from({ length: options.workers }, () =>
    startWorker(options).then((worker) => {
      ready.push(worker);
      return worker;
    }),
  );
  for (const start of starting) {
    start.catch((error: Error) => (failed ??= error));
  }
  if (options.inlineWhileStarting === false) await Promise.all(starting);
  return {
    workers: options.workers,
    run(task) {
      if (failed !== null) return Promise.reject(failed);
      if (ready.length === 0) return inline.run(task);
      return dispatch(leastBusy(ready), task);
    },
    async close() {
      const started = await Promise.allSettled(starting);
      for (const outcome of started) {
        if (outcome.status === 'fulfilled') {
          await outcome.value.thread.terminate();
        }
      }
    },
  };
}

function inlinePool(setup: WorkerSetup): ParsePool {
  return {
    workers: 0,
    run: async (task) => runTask(task, readDuisMessage, setup.maxBytes),
    close: async () => undefined,
  };
}

interface PoolWorker {
  readonly thread: Worker;
  readonly pending: Map<number, Deferred>;
}

interface Deferred {
  resolve(result: TaskResult): void;
  reject(error: Error): void;
}

let nextTaskId = 0;

function dispatch(worker: PoolWorker, task: IngestTask): Promise<TaskResult> {
  const id = (nextTaskId += 1);
  return new Promise<TaskResult>((resolve, reject) => {
    worker.pending.set(id, { resolve, reject });
    worker.thread.postMessage(
      { id, task } satisfies WorkerRequest,
      movableBuffers(task),
    );
  });
}

function leastBusy(workers: PoolWorker[]): PoolWorker {
  let best = workers[0] as PoolWorker;
  for (const worker of workers) {
    if (worker.pending.size < best.pending.size) best = worker;
  }
  return best;
}

function startWorker(setup: WorkerSetup): Promise<PoolWorker> {
  const entry = new URL('./ingest-worker.ts', import.meta.url);
  const thread = new Worker(workerScript(entry), {
    eval: true,
    execArgv: [],
    workerData: setup,
  });
  const worker: PoolWorker = { thread, pending: new Map() };
  return new Promise((resolve, reject) => {
    thread.on('message', (message: WorkerReply | { ready: true }) => {
      if ('ready' in message) resolve(worker);
      else settle(worker, message);
    });
    thread.on('error', (error) => {
      failAll(worker, error);
      reject(error);
    });
    thread.on('exit', (code) => {
      failAll(worker, new Error(`A parse worker exited with code ${code}`));
    });
  });
}

function settle(worker: PoolWorker, reply: WorkerReply): void {
  const deferred = worker.pending.get(reply.id);
  if (deferred === undefined) return;
  worker.pending.delete(reply.id);
  if ('result' in reply) deferred.resolve(reply.result);
  else deferred.reject(new Error(`A parse worker failed: ${reply.error}`));
}

function failAll(worker: PoolWorker, error: Error): void {
  for (const deferred of worker.pending.values()) deferred.reject(error);
  worker.pending.clear();
}
