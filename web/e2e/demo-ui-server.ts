/**
 * A real satview server for the browser tests: a small demo world (fixed
 * seed and "today") loaded into a fresh SQLite store, the demo accounts of
 * its tour, and the built web UI, listening on a free loopback port.
 */
import type { FastifyInstance } from 'fastify';

import { loadWorld } from '../../src/demo/demo-loader.ts';
import { tour, type TourCase } from '../../src/demo/demo-tour.ts';
import { createWorld, DEFAULT_TODAY } from '../../src/demo/demo-world.ts';
import { createDemoAccounts } from '../../src/server/demo-setup.ts';
import type { DemoLogin } from '../../src/server/server-context.ts';
import { testServer } from '../../src/server/test-server.ts';
import { freshSqlite } from '../../src/testing/test-stores.ts';
import { WEB_DIST } from './browser-harness.ts';

/** A listening server over a demo world. */
export interface DemoUiServer {
  readonly url: string;
  /** The world's "today" (epoch ms): the server's clock stands there. */
  readonly today: number;
  readonly logins: readonly DemoLogin[];
  readonly cases: readonly TourCase[];
  readonly close: () => Promise<void>;
}

/** What world to serve. */
export interface DemoUiOptions {
  readonly premises: number;
  readonly days: number;
  /** Plant party markers in every confidential value (leak tests). */
  readonly markers: boolean;
}

/** Loads the world, makes the demo accounts and starts listening. The
 * server's clock stands at the world's "today", so pending commands stay
 * pending however long after that date the tests run. */
export async function startDemoUiServer(
  options: DemoUiOptions,
): Promise<DemoUiServer> {
  const store = await freshSqlite();
  const world = createWorld({ ...options, seed: '1', today: DEFAULT_TODAY });
  await loadWorld(store, world, { batchSize: 5000, maxBytes: 1 << 20 });
  const logins = await createDemoAccounts(store, world);
  const app = await testServer(store, {
    webRoot: WEB_DIST,
    demoLogins: logins,
    now: () => world.today,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    today: world.today,
    logins,
    cases: tour(world),
    close: () => closeApp(app),
  };
}

async function closeApp(app: FastifyInstance): Promise<void> {
  await app.close();
}

/** The tour case of a kind; throws when the world lacks it. */
export function tourCase(server: DemoUiServer, id: TourCase['id']): TourCase {
  const found = server.cases.find((c) => c.id === id);
  if (found === undefined) throw new Error(`the demo world has no ${id} case`);
  return found;
}

/** The demo login of a username; throws when there is none. */
export function demoLogin(server: DemoUiServer, username: string): DemoLogin {
  const found = server.logins.find((login) => login.username === username);
  if (found === undefined) throw new Error(`no demo login '${username}'`);
  return found;
}
