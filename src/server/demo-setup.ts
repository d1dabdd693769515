/**
 * What `satview serve --demo-if-empty` (npm start) does before it listens:
 * an empty embedded store gets a small demo world and one demo account per
 * interesting party of the guided tour (the gaining and the losing
 * supplier of a Change of Supplier, a Network Operator, an Other User),
 * all with the password `demo`. The accounts are made only on a store
 * that was empty, so a real store never gets a guessable login; on a
 * later start the demo accounts that still take `demo` are listed again.
 */
import { todayUtcMidnight } from '../demo/demo-calendar.ts';
import { loadWorld } from '../demo/demo-loader.ts';
import { tour, type TourCase } from '../demo/demo-tour.ts';
import { createWorld, type DemoWorld } from '../demo/demo-world.ts';
import type { Logger } from '../log/logger.ts';
import { addAccount, findAccount } from '../store/account-store.ts';
import type { Store } from '../store/database.ts';
import { hashPassword, verifyPassword } from './secret-hashing.ts';
import type { DemoLogin } from './server-context.ts';

/** Premises in the demo world of npm start: a few thousand records, so
 * that a first start takes seconds, not minutes. */
export const DEMO_PREMISES = 300;

/** The demo accounts' password: short on purpose, demo stores only. */
export const DEMO_PASSWORD = 'demo';

/** One demo account: its username, role in the tour, and what to try. */
interface DemoPart {
  readonly username: string;
  readonly role: string;
  /** The party from the tour; null when the tour has no such case. */
  partyOf(cases: readonly TourCase[]): string | null;
  note(cases: readonly TourCase[]): string;
}

function tourCase(cases: readonly TourCase[], id: TourCase['id']) {
  return cases.find((c) => c.id === id);
}

const PARTS: readonly DemoPart[] = [
  {
    username: 'gaining',
    role: 'gaining supplier',
    partyOf: (cases) => tourCase(cases, 'change-of-supplier')?.viewAs ?? null,
    note: (cases) =>
      `Open device ${tourCase(cases, 'change-of-supplier')?.deviceId}: ` +
      "the losing supplier's commands, prices withheld, some still pending.",
  },
  {
    username: 'losing',
    role: 'losing supplier',
    partyOf: (cases) =>
      tourCase(cases, 'change-of-supplier')?.losingParty ?? null,
    note: (cases) =>
      `Device ${tourCase(cases, 'change-of-supplier')?.deviceId} now shows ` +
      'only your own traffic.',
  },
  {
    username: 'network',
    role: 'network operator',
    partyOf: (cases) =>
      tourCase(cases, 'network-operator-change')?.viewAs ?? null,
    note: (cases) =>
      `Open device ${tourCase(cases, 'network-operator-change')?.deviceId}: ` +
      'its whole history since your network adopted it.',
  },
  {
    username: 'other',
    role: 'other user',
    partyOf: (cases) => tourCase(cases, 'other-user')?.viewAs ?? null,
    note: (cases) =>
      `Device ${tourCase(cases, 'other-user')?.deviceId}: only your own ` +
      'consumption reads.',
  },
];

/** Options for tests and the API bench; npm start uses the defaults. */
export interface DemoSetupOptions {
  readonly premises?: number;
  /** The world's "today" (a UTC midnight); default today. */
  readonly today?: number;
  /** Plant party markers in confidential values (leak tests). */
  readonly markers?: boolean;
  readonly batchSize?: number;
  readonly maxBytes?: number;
}

/** Loads the demo world into an empty store and makes the demo accounts;
 * answers the demo logins that work on this store. */
export async function prepareDemoServer(
  store: Store,
  logger: Logger,
  say: (line: string) => void,
  options: DemoSetupOptions = {},
): Promise<DemoLogin[]> {
  const world = createWorld({
    premises: options.premises ?? DEMO_PREMISES,
    today: options.today ?? todayUtcMidnight(),
    markers: options.markers ?? false,
  });
  if ((await countRecords(store)) > 0) return existingDemoLogins(store);
  say(`loading a demo world of ${world.premises} premises…`);
  const summary = await loadWorld(store, world, {
    batchSize: options.batchSize ?? 20_000,
    maxBytes: options.maxBytes ?? 1024 * 1024,
  });
  logger.info(
    { premises: world.premises, records: summary.accepted },
    'demo world loaded',
  );
  return createDemoAccounts(store, world);
}

async function countRecords(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('sat_record')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Makes the demo accounts of a world just loaded. */
export async function createDemoAccounts(
  store: Store,
  world: DemoWorld,
): Promise<DemoLogin[]> {
  const cases = tour(world);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const logins: DemoLogin[] = [];
  for (const part of PARTS) {
    const party = part.partyOf(cases);
    if (party === null) continue;
    await addAccount(store, {
      username: part.username,
      partyId: party,
      passwordHash,
      createdAt: Date.now(),
    });
    logins.push(demoLogin(part, party, part.note(cases)));
  }
  return logins;
}

/** The demo accounts a previous start made that still take `demo`. */
async function existingDemoLogins(store: Store): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  for (const part of PARTS) {
    const account = await findAccount(store, part.username);
    if (account === undefined || account.disabledAt !== null) continue;
    if (!(await verifyPassword(DEMO_PASSWORD, account.passwordHash))) continue;
    logins.push(
      demoLogin(part, account.partyId, `Log in as the ${part.role}.`),
    );
  }
  return logins;
}

function demoLogin(part: DemoPart, party: string, note: string): DemoLogin {
  return {
    username: part.username,
    password: DEMO_PASSWORD,
    party,
    role: part.role,
    note,
  };
}
