/**
 * The demonstration world: a seeded, coherent GB smart-metering market
 * with its reference data and its Service Audit Trail, at any scale.
 *
 * The same options give the same world byte for byte. "Today" (the end
 * of the history) is an option: tests and `satview demo` use a fixed date
 * by default, and `npm start` passes today's UTC midnight so that the demo
 * looks current (pending commands still ahead, recent switches recent).
 *
 * Premises are generated one at a time, each from its own random stream,
 * and their messages are handed out as they are made: a world of any size
 * streams with flat memory.
 *
 * @example
 * const world = createWorld({ premises: 60, seed: '7' });
 * for (const part of generateWorld(world)) {
 *   part.reference.devices; // rows for devices.csv
 *   part.messages; // DUIS XML with the time the SAT logged it
 * }
 */
import type { DccUser, Party } from '../domain/reference-data.ts';
import { SatviewError } from '../errors/satview-error.ts';
import { DAY } from './demo-calendar.ts';
import { MarkerMint } from './demo-markers.ts';
import { type DemoMessage, composeMessages } from './demo-messages.ts';
import { DEMO_PARTIES, demoUsers } from './demo-parties.ts';
import {
  type DemoPremises,
  generatePremises,
  type HistoryWindow,
} from './demo-premises.ts';
import { type PremisesReference, premisesReference } from './demo-reference.ts';
import { planTraffic } from './demo-traffic.ts';

/** What to generate. */
export interface WorldOptions {
  /** Number of premises (homes); each has 3 to 9 devices. */
  readonly premises: number;
  /** Days of history before `today`. */
  readonly days: number;
  /** Any text; the same seed gives the same world. */
  readonly seed: string;
  /** End of the history: a UTC midnight, epoch ms. */
  readonly today: number;
  /** Plant party markers in every confidential value (leak tests). */
  readonly markers: boolean;
}

/** The fixed default "today" (a UTC midnight), for reproducible worlds. */
export const DEFAULT_TODAY = Date.UTC(2026, 11, 1);

export const DEFAULT_OPTIONS: WorldOptions = {
  premises: 2000,
  days: 400,
  seed: '1',
  today: DEFAULT_TODAY,
  markers: false,
};

/** The smallest history the scripted tour cases fit into. */
export const MIN_DAYS = 120;

/** A world: its options and the history window they give. */
export interface DemoWorld extends WorldOptions {
  readonly window: HistoryWindow;
}

/** One premises with its reference rows and its SAT messages. */
export interface WorldPart {
  readonly premises: DemoPremises;
  readonly reference: PremisesReference;
  readonly messages: readonly DemoMessage[];
}

/** Checks options and fixes the world's history window. */
export function createWorld(options: Partial<WorldOptions> = {}): DemoWorld {
  const merged = { ...DEFAULT_OPTIONS, ...options };
  const problems = optionProblems(merged);
  if (problems.length > 0) {
    throw new SatviewError(
      'usage',
      `Invalid demo options: ${problems.join('; ')}`,
      {
        problems,
      },
    );
  }
  const window = {
    seed: merged.seed,
    start: merged.today - merged.days * DAY,
    today: merged.today,
  };
  return Object.freeze({ ...merged, window });
}

function optionProblems(options: WorldOptions): string[] {
  const problems: string[] = [];
  const { premises, days, today, seed } = options;
  if (!Number.isInteger(premises) || premises < 1 || premises > 10_000_000) {
    problems.push(`premises ${premises} is not an integer from 1 to 10000000`);
  }
  if (!Number.isInteger(days) || days < MIN_DAYS || days > 3650) {
    problems.push(`days ${days} is not an integer from ${MIN_DAYS} to 3650`);
  }
  if (!Number.isInteger(today) || today % DAY !== 0) {
    problems.push('today is not a UTC midnight');
  }
  if (seed === '') problems.push('seed is empty');
  return problems;
}

/** The parties of the world (parties.csv). */
export function worldParties(): Party[] {
  return DEMO_PARTIES.map(({ partyId, name }) => ({ partyId, name }));
}

/** The DCC Users of the world (users.csv). */
export function worldUsers(): DccUser[] {
  return demoUsers();
}

/** The premises of a world, one at a time, without their traffic. */
export function* worldPremises(world: DemoWorld): Generator<DemoPremises> {
  for (let index = 0; index < world.premises; index += 1) {
    yield generatePremises(world.window, index);
  }
}

/** The whole world, one premises at a time. */
export function* generateWorld(world: DemoWorld): Generator<WorldPart> {
  const mint = world.markers ? new MarkerMint() : null;
  for (const premises of worldPremises(world)) {
    const plans = planTraffic(world.window, premises);
    yield {
      premises,
      reference: premisesReference(premises),
      messages: composeMessages(world.window, premises, plans, mint),
    };
  }
}
