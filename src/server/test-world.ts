/**
 * A small demo world on SQLite for the server's route tests: the world
 * loaded, the demo accounts made and logged in, and the tour cases to
 * find the interesting devices by.
 */
import type { FastifyInstance } from 'fastify';

import { loadWorld } from '../demo/demo-loader.ts';
import { tour, type TourCase } from '../demo/demo-tour.ts';
import {
  createWorld,
  DEFAULT_TODAY,
  type DemoWorld,
} from '../demo/demo-world.ts';
import type { Store } from '../store/database.ts';
import { freshSqlite } from '../testing/test-stores.ts';
import { createDemoAccounts, DEMO_PASSWORD } from './demo-setup.ts';
import type { DemoLogin } from './server-context.ts';
import { logIn, testServer, type TestSession } from './test-server.ts';

/** A loaded demo world with a server over it. */
export interface TestWorld {
  readonly store: Store;
  readonly world: DemoWorld;
  readonly app: FastifyInstance;
  /** The instant the server judges responsibility at. */
  readonly now: number;
  readonly cases: readonly TourCase[];
  readonly logins: readonly DemoLogin[];
  /** A logged-in session per demo username. */
  readonly sessions: Readonly<Record<string, TestSession>>;
}

/** Loads a demo world (6 premises hold every tour case) and logs in. */
export async function testWorld(
  options: { premises?: number; markers?: boolean } = {},
): Promise<TestWorld> {
  const store = await freshSqlite();
  const world = createWorld({
    premises: options.premises ?? 8,
    days: 150,
    today: DEFAULT_TODAY,
    markers: options.markers ?? false,
  });
  await loadWorld(store, world, { batchSize: 5000, maxBytes: 1 << 20 });
  const logins = await createDemoAccounts(store, world);
  const now = world.today;
  const app = await testServer(store, { now: () => now, demoLogins: logins });
  const sessions: Record<string, TestSession> = {};
  for (const login of logins) {
    sessions[login.username] = await logIn(app, login.username, DEMO_PASSWORD);
  }
  return { store, world, app, now, cases: tour(world), logins, sessions };
}

/** The tour case of a kind; throws if the world lacks it. */
export function caseOf(world: TestWorld, id: TourCase['id']): TourCase {
  const found = world.cases.find((c) => c.id === id);
  if (found === undefined) throw new Error(`the world has no ${id} case`);
  return found;
}

/** The party of a demo username. */
export function partyOf(world: TestWorld, username: string): string {
  const login = world.logins.find((l) => l.username === username);
  if (login === undefined) throw new Error(`no demo login ${username}`);
  return login.party;
}
