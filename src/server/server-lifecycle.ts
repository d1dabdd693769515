/**
 * Running a built server until the process is asked to stop: on SIGINT or
 * SIGTERM it stops taking connections, lets requests in flight finish,
 * then closes the store. A second signal stops at once.
 */
import type { FastifyInstance } from 'fastify';

import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/database.ts';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Waits for SIGINT or SIGTERM, then closes the server and the store. */
export function closeOnSignal(
  app: FastifyInstance,
  store: Store,
  logger: Logger,
): Promise<void> {
  return new Promise((resolve) => {
    let closing = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (closing) {
        logger.warn({ signal }, 'second signal, stopping at once');
        process.exit(1);
      }
      closing = true;
      logger.info({ signal }, 'shutting down');
      void shutDown(app, store, logger).then(() => {
        for (const name of SIGNALS) process.off(name, onSignal);
        resolve();
      });
    };
    for (const name of SIGNALS) process.on(name, onSignal);
  });
}

/** Closes the server (finishing requests in flight), then the store. */
export async function shutDown(
  app: FastifyInstance,
  store: Store,
  logger: Logger,
): Promise<void> {
  try {
    await app.close();
  } catch (error) {
    logger.error({ err: error }, 'closing the server failed');
  }
  try {
    await store.close();
  } catch (error) {
    logger.error({ err: error }, 'closing the store failed');
  }
  logger.info({}, 'stopped');
}
