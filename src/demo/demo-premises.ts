/**
 * The premises of the demo world: what is installed where, who supplies
 * and operates it over time, and the events that change it (Changes of
 * Supplier and Tenancy, a Network Operator change, meter exchanges, an
 * Other User's consent). One premises is generated at a time from its own
 * random stream, so a world of any size streams with flat memory and the
 * same seed always gives the same premises.
 */
import type { Eui64 } from '../domain/eui64.ts';
import { DAY, MINUTE, midnightOf } from './demo-calendar.ts';
import {
  agentOf,
  electricitySuppliers,
  gasSuppliers,
  IDNO_PARTY,
  networkOperatorOf,
  type Region,
  REGIONS,
  suppliesGas,
} from './demo-parties.ts';
import { deviceIdOf, mpanOf, mprnOf } from './demo-identifiers.ts';
import { SeededRandom } from './seeded-random.ts';

export type Fuel = 'electricity' | 'gas';

/** A device as installed at a premises, with its installed life. */
export interface DemoDevice {
  readonly deviceId: Eui64;
  readonly deviceType: string;
  readonly smets: 1 | 2;
  readonly from: number;
  readonly to: number | null;
}

/** A party holding a role over [from, to). */
export interface Span {
  readonly partyId: string;
  readonly from: number;
  readonly to: number | null;
}

/** A Change of Supplier of one fuel, effective at a UTC midnight. */
export interface ChangeOfSupplier {
  readonly fuel: Fuel;
  readonly at: number;
  readonly losing: string;
  readonly gaining: string;
  /** When the gaining supplier sends 6.23 to the meter. */
  readonly credentialRequestAt: number;
  /** When the 6.23 succeeds: the supplier cell changes hands. */
  readonly credentialSwitchAt: number;
}

/** The distributor changes (an independent network adopts the site). */
export interface NetworkChange {
  readonly at: number;
  readonly losing: string;
  readonly gaining: string;
  /** When the losing operator sends the future-dated 6.15.1. */
  readonly requestAt: number;
}

/** A meter exchanged for a new one. */
export interface DeviceSwap {
  readonly at: number;
  readonly removed: DemoDevice;
  readonly installed: DemoDevice;
}

/** An Other User's consent to read consumption, with the CAD it joined. */
export interface Consent {
  readonly partyId: string;
  readonly from: number;
  readonly to: number | null;
  readonly cad: DemoDevice;
}

/** The scripted premises the guided tour points at. */
export type ShowcaseKind =
  | 'change-of-supplier'
  | 'dual-fuel-hub'
  | 'network-operator-change'
  | 'other-user'
  | 'meter-exchange'
  | 'smets1-meter';

export const SHOWCASE_KINDS: readonly ShowcaseKind[] = [
  'change-of-supplier',
  'dual-fuel-hub',
  'network-operator-change',
  'other-user',
  'meter-exchange',
  'smets1-meter',
];

/** One premises and its whole history. */
export interface DemoPremises {
  readonly index: number;
  readonly region: Region;
  readonly dualFuel: boolean;
  readonly smets: 1 | 2;
  readonly prepayment: boolean;
  readonly installedAt: number;
  readonly mpan: string;
  readonly mprn: string | null;
  readonly devices: readonly DemoDevice[];
  readonly suppliers: Readonly<Record<Fuel, readonly Span[]>>;
  readonly networkOperators: Readonly<Record<Fuel, readonly Span[]>>;
  readonly exportSupplier: Span | null;
  readonly changesOfSupplier: readonly ChangeOfSupplier[];
  readonly changesOfTenancy: readonly number[];
  readonly networkChanges: readonly NetworkChange[];
  readonly swaps: readonly DeviceSwap[];
  readonly consents: readonly Consent[];
  readonly showcase: ShowcaseKind | null;
}

/** The window of history a world covers: [start, today). */
export interface HistoryWindow {
  readonly seed: string;
  readonly start: number;
  readonly today: number;
}

/** Yearly rates of the random events (SEC-era market figures, rounded). */
const RATES = {
  changeOfSupplier: 0.1,
  gasOnlyChangeOfSupplier: 0.02,
  changeOfTenancy: 0.1,
  networkChange: 0.004,
  meterExchange: 0.03,
} as const;

/** Generates premises `index` of the world. */
export function generatePremises(
  window: HistoryWindow,
  index: number,
): DemoPremises {
  const random = new SeededRandom(`${window.seed}/premises/${index}`);
  const showcase = SHOWCASE_KINDS[index] ?? null;
  const draft = draftPremises(window, index, random, showcase);
  if (showcase !== null) scriptShowcase(window, draft, random, showcase);
  else addRandomHistory(window, draft, random);
  return finish(draft);
}

/** The mutable premises while it is generated. */
interface Draft {
  index: number;
  region: Region;
  dualFuel: boolean;
  smets: 1 | 2;
  prepayment: boolean;
  installedAt: number;
  registeredAt: number;
  mpan: string;
  mprn: string | null;
  devices: DemoDevice[];
  firstSupplier: Record<Fuel, string | null>;
  changesOfSupplier: ChangeOfSupplier[];
  changesOfTenancy: number[];
  networkChanges: NetworkChange[];
  swaps: DeviceSwap[];
  consents: Consent[];
  exportSupplier: Span | null;
  showcase: ShowcaseKind | null;
  random: SeededRandom;
  generation: Map<string, number>;
}

function draftPremises(
  window: HistoryWindow,
  index: number,
  random: SeededRandom,
  showcase: ShowcaseKind | null,
): Draft {
  const dualFuel = random.chance(0.62);
  const smets = random.chance(0.22) ? 1 : 2;
  const installedAt = random.chance(0.05)
    ? dayTime(random, window.start + random.int(10, spanDays(window) - 20))
    : dayTime(random, window.start - random.int(30, 2400) * DAY);
  const region = random.pick(REGIONS);
  const draft: Draft = {
    index,
    region,
    dualFuel,
    smets,
    prepayment: random.chance(0.18),
    installedAt,
    registeredAt: midnightOf(installedAt - random.int(60, 1500) * DAY),
    mpan: mpanOf(index, region, random),
    mprn: dualFuel ? mprnOf(index, random) : null,
    devices: [],
    firstSupplier: { electricity: null, gas: null },
    changesOfSupplier: [],
    changesOfTenancy: [],
    networkChanges: [],
    swaps: [],
    consents: [],
    exportSupplier: null,
    showcase,
    random,
    generation: new Map(),
  };
  pickFirstSuppliers(draft);
  return draft;
}

function pickFirstSuppliers(draft: Draft): void {
  const electricity = draft.random.weighted(electricitySuppliers());
  draft.firstSupplier.electricity = electricity;
  if (!draft.dualFuel) return;
  draft.firstSupplier.gas =
    suppliesGas(electricity) && draft.random.chance(0.8)
      ? electricity
      : draft.random.weighted(gasSuppliers());
}

function installDevices(draft: Draft): void {
  const { random, installedAt: at, smets } = draft;
  install(draft, 'ESME', at);
  install(draft, 'CHF', at);
  if (draft.dualFuel) {
    install(draft, 'GSME', at);
    if (smets === 2) install(draft, 'GPF', at);
  }
  if (random.chance(0.85)) install(draft, 'IHD', at);
  if (draft.prepayment) install(draft, 'PPMID', at);
  if (smets === 2 && random.chance(0.03)) install(draft, 'HCALCS', at);
}

function install(
  draft: Draft,
  deviceType: string,
  from: number,
  to: number | null = null,
): DemoDevice {
  const generation = draft.generation.get(deviceType) ?? 0;
  draft.generation.set(deviceType, generation + 1);
  const device: DemoDevice = {
    deviceId: deviceIdOf(deviceType, generation, draft.index, draft.random),
    deviceType,
    smets: draft.smets,
    from,
    to,
  };
  draft.devices.push(device);
  return device;
}

function addRandomHistory(
  window: HistoryWindow,
  draft: Draft,
  random: SeededRandom,
): void {
  installDevices(draft);
  const from = Math.max(window.start, draft.installedAt) + DAY;
  addChangesOfSupplier(draft, from, window.today - DAY);
  addChangesOfTenancy(draft, from, window.today - DAY);
  if (draft.smets === 2 && random.chance(yearly(window, RATES.networkChange))) {
    addNetworkChange(draft, randomDay(random, from, window.today - DAY));
  }
  addMeterExchanges(window, draft, from);
  if (draft.smets === 2 && random.chance(0.16)) addRandomConsent(window, draft);
  if (draft.smets === 2 && random.chance(0.06)) {
    const partyId = random.pick(['SOLARX', 'SOLARX', 'BRITEN']);
    draft.exportSupplier = { partyId, from: draft.registeredAt, to: null };
  }
}

/** A probability over the window from a yearly rate. */
function yearly(window: HistoryWindow, rate: number): number {
  return 1 - Math.exp((-rate * spanDays(window)) / 365);
}

function spanDays(window: HistoryWindow): number {
  return Math.round((window.today - window.start) / DAY);
}

function addChangesOfSupplier(draft: Draft, from: number, to: number): void {
  const { random } = draft;
  for (let day = from; day < to; day += 30 * DAY) {
    if (random.chance((RATES.changeOfSupplier * 30) / 365)) {
      changeSupplier(
        draft,
        'electricity',
        randomDay(random, day, day + 30 * DAY),
      );
    } else if (
      draft.dualFuel &&
      random.chance((RATES.gasOnlyChangeOfSupplier * 30) / 365)
    ) {
      changeSupplier(draft, 'gas', randomDay(random, day, day + 30 * DAY));
    }
  }
}

/** The supplier of a fuel just before an instant. */
function supplierAt(draft: Draft, fuel: Fuel, at: number): string | null {
  let current = draft.firstSupplier[fuel];
  for (const change of draft.changesOfSupplier) {
    if (change.fuel === fuel && change.at <= at) current = change.gaining;
  }
  return current;
}

/**
 * Switches a fuel to a new supplier at midnight `at`. A dual-fuel
 * customer of one supplier usually takes the other fuel along.
 */
function changeSupplier(
  draft: Draft,
  fuel: Fuel,
  at: number,
  gaining?: string,
): void {
  if (tooCloseToOtherEvents(draft, at)) return;
  const losing = supplierAt(draft, fuel, at);
  if (losing === null) return;
  const market = fuel === 'gas' ? gasSuppliers() : electricitySuppliers();
  const others = market.filter(([partyId]) => partyId !== losing);
  const winner = gaining ?? draft.random.weighted(others);
  pushChange(draft, fuel, at, losing, winner);
  const gasLosing = supplierAt(draft, 'gas', at);
  const takesGas =
    fuel === 'electricity' &&
    draft.dualFuel &&
    gasLosing === losing &&
    suppliesGas(winner) &&
    (gaining !== undefined || draft.random.chance(0.85));
  if (takesGas) pushChange(draft, 'gas', at, losing, winner);
}

function pushChange(
  draft: Draft,
  fuel: Fuel,
  at: number,
  losing: string,
  gaining: string,
): void {
  const credentialRequestAt =
    at + draft.random.int(1 * 60, 7 * 60) * MINUTE + draft.random.int(0, 59999);
  draft.changesOfSupplier.push({
    fuel,
    at,
    losing,
    gaining,
    credentialRequestAt,
    credentialSwitchAt: credentialRequestAt + draft.random.int(8000, 45000),
  });
}

/** Events on one premises keep apart, so that each reads clearly. */
function tooCloseToOtherEvents(draft: Draft, at: number): boolean {
  const near = (other: number): boolean => Math.abs(other - at) < 45 * DAY;
  return (
    draft.changesOfSupplier.some((change) => near(change.at)) ||
    draft.swaps.some((swap) => near(swap.at)) ||
    draft.networkChanges.some((change) => near(change.at))
  );
}

function addChangesOfTenancy(draft: Draft, from: number, to: number): void {
  const { random } = draft;
  for (let day = from; day < to; day += 30 * DAY) {
    if (!random.chance((RATES.changeOfTenancy * 30) / 365)) continue;
    const at = randomDay(random, day, Math.min(day + 30 * DAY, to));
    if (
      draft.changesOfTenancy.every((other) => Math.abs(other - at) > 90 * DAY)
    ) {
      draft.changesOfTenancy.push(at);
    }
  }
}

function addNetworkChange(draft: Draft, at: number): void {
  if (tooCloseToOtherEvents(draft, at)) return;
  const losing = networkOperatorOf(draft.region, 'ED');
  const requestAt = dayTime(draft.random, at - draft.random.int(2, 9) * DAY);
  draft.networkChanges.push({ at, losing, gaining: IDNO_PARTY, requestAt });
}

function addMeterExchanges(
  window: HistoryWindow,
  draft: Draft,
  from: number,
): void {
  const { random } = draft;
  if (random.chance(yearly(window, RATES.meterExchange))) {
    exchangeMeter(draft, 'ESME', randomDay(random, from, window.today - DAY));
  }
  if (draft.dualFuel && random.chance(yearly(window, RATES.meterExchange))) {
    exchangeMeter(draft, 'GSME', randomDay(random, from, window.today - DAY));
  }
}

/** Replaces the meter of a type in service at `day` with a new one. */
function exchangeMeter(draft: Draft, deviceType: string, day: number): void {
  if (tooCloseToOtherEvents(draft, day)) return;
  const at = dayTime(draft.random, day);
  const index = draft.devices.findIndex(
    (device) => device.deviceType === deviceType && device.to === null,
  );
  const removed = draft.devices[index];
  if (removed === undefined || removed.from >= at) return;
  const ended = { ...removed, to: at };
  draft.devices[index] = ended;
  const installed = install(draft, deviceType, at);
  draft.swaps.push({ at, removed: ended, installed });
}

function addRandomConsent(window: HistoryWindow, draft: Draft): void {
  const { random } = draft;
  const earliest = Math.max(draft.installedAt + DAY, window.start - 300 * DAY);
  const from = dayTime(
    random,
    randomDay(random, earliest, window.today - 20 * DAY),
  );
  const tenancyEnd = draft.changesOfTenancy.find((at) => at > from) ?? null;
  const revoked = random.chance(0.15)
    ? dayTime(random, randomDay(random, from + 20 * DAY, window.today))
    : null;
  const to =
    tenancyEnd !== null && (revoked === null || tenancyEnd < revoked)
      ? tenancyEnd
      : revoked;
  addConsent(draft, random.pick(['HOMEIQ', 'HOMEIQ', 'WATTLY']), from, to);
}

function addConsent(
  draft: Draft,
  partyId: string,
  from: number,
  to: number | null,
): void {
  const cad = install(draft, 'CAD', from, to);
  draft.consents.push({ partyId, from, to, cad });
}

/** Scripted premises for the guided tour, relative to today. */
function scriptShowcase(
  window: HistoryWindow,
  draft: Draft,
  random: SeededRandom,
  kind: ShowcaseKind,
): void {
  const daysAgo = (days: number): number =>
    Math.max(midnightOf(window.start) + 2 * DAY, window.today - days * DAY);
  SHOWCASE_SETUP[kind](draft);
  draft.installedAt = dayTime(random, window.start - 400 * DAY);
  draft.registeredAt = midnightOf(draft.installedAt - 700 * DAY);
  installDevices(draft);
  switch (kind) {
    case 'change-of-supplier':
      changeSupplier(draft, 'electricity', daysAgo(6), 'HEARTH');
      break;
    case 'network-operator-change':
      addNetworkChange(draft, daysAgo(40));
      break;
    case 'other-user':
      addConsent(draft, 'HOMEIQ', dayTime(random, daysAgo(120)), null);
      break;
    case 'meter-exchange':
      exchangeMeter(draft, 'ESME', daysAgo(90));
      break;
    default:
      break;
  }
}

type Setup = (draft: Draft) => void;

const SHOWCASE_SETUP: Readonly<Record<ShowcaseKind, Setup>> = {
  'change-of-supplier': (draft) =>
    configure(draft, 'north', true, 2, false, ['BRITEN', 'BRITEN']),
  'dual-fuel-hub': (draft) =>
    configure(draft, 'central', true, 2, true, ['VOLTAS', 'CALORA']),
  'network-operator-change': (draft) =>
    configure(draft, 'north', false, 2, false, ['KESTRL', null]),
  'other-user': (draft) =>
    configure(draft, 'south', true, 2, false, ['PEBBLE', 'PEBBLE']),
  'meter-exchange': (draft) =>
    configure(draft, 'south', false, 2, false, ['HEARTH', null]),
  'smets1-meter': (draft) =>
    configure(draft, 'central', false, 1, false, ['BRITEN', null]),
};

function configure(
  draft: Draft,
  region: Region,
  dualFuel: boolean,
  smets: 1 | 2,
  prepayment: boolean,
  [electricity, gas]: [string, string | null],
): void {
  draft.region = region;
  draft.mpan = mpanOf(draft.index, region, draft.random);
  draft.dualFuel = dualFuel;
  draft.smets = smets;
  draft.prepayment = prepayment;
  draft.mprn = dualFuel ? mprnOf(draft.index, draft.random) : null;
  draft.firstSupplier = { electricity, gas: dualFuel ? gas : null };
}

function finish(draft: Draft): DemoPremises {
  draft.changesOfSupplier.sort((a, b) => a.at - b.at);
  return {
    index: draft.index,
    region: draft.region,
    dualFuel: draft.dualFuel,
    smets: draft.smets,
    prepayment: draft.prepayment,
    installedAt: draft.installedAt,
    mpan: draft.mpan,
    mprn: draft.mprn,
    devices: draft.devices,
    suppliers: {
      electricity: supplierSpans(draft, 'electricity'),
      gas: draft.dualFuel ? supplierSpans(draft, 'gas') : [],
    },
    networkOperators: networkSpans(draft),
    exportSupplier: draft.exportSupplier,
    changesOfSupplier: draft.changesOfSupplier,
    changesOfTenancy: draft.changesOfTenancy.sort((a, b) => a - b),
    networkChanges: draft.networkChanges,
    swaps: draft.swaps,
    consents: draft.consents,
    showcase: draft.showcase,
  };
}

function supplierSpans(draft: Draft, fuel: Fuel): Span[] {
  const first = draft.firstSupplier[fuel];
  if (first === null) return [];
  const spans: Span[] = [];
  let current: Span = { partyId: first, from: draft.registeredAt, to: null };
  for (const change of draft.changesOfSupplier) {
    if (change.fuel !== fuel) continue;
    spans.push({ ...current, to: change.at });
    current = { partyId: change.gaining, from: change.at, to: null };
  }
  spans.push(current);
  return spans;
}

function networkSpans(draft: Draft): Record<Fuel, Span[]> {
  const from = draft.registeredAt;
  const distributor = networkOperatorOf(draft.region, 'ED');
  const electricity: Span[] = [];
  let current: Span = { partyId: distributor, from, to: null };
  for (const change of draft.networkChanges) {
    electricity.push({ ...current, to: change.at });
    current = { partyId: change.gaining, from: change.at, to: null };
  }
  electricity.push(current);
  const gas = draft.dualFuel
    ? [{ partyId: networkOperatorOf(draft.region, 'GT'), from, to: null }]
    : [];
  return { electricity, gas };
}

/** The Registered Supplier Agent spans that follow a fuel's suppliers. */
export function agentSpans(suppliers: readonly Span[]): Span[] {
  const spans: Span[] = [];
  for (const span of suppliers) {
    const agent = agentOf(span.partyId);
    const last = spans[spans.length - 1];
    if (last !== undefined && last.partyId === agent) {
      spans[spans.length - 1] = { ...last, to: span.to };
    } else {
      spans.push({ partyId: agent, from: span.from, to: span.to });
    }
  }
  return spans;
}

/** A random UTC midnight in [from, to). */
function randomDay(random: SeededRandom, from: number, to: number): number {
  const days = Math.max(1, Math.floor((to - from) / DAY));
  return midnightOf(from) + random.int(0, days - 1) * DAY;
}

/** A working-hours instant on the day of `day`. */
function dayTime(random: SeededRandom, day: number): number {
  return (
    midnightOf(day) +
    random.int(8 * 60, 17 * 60) * MINUTE +
    random.int(0, 59999)
  );
}
