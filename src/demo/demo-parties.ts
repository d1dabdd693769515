/**
 * The market of the demo world: the parties, the roles each holds, and one
 * DCC User ID per party and role. Suppliers differ in size and fuel (some
 * dual-fuel, one electricity-only, one gas-only, one export-only); network
 * operators cover three regions, and an independent distributor adopts
 * some networks (the Network Operator changes). Names are invented.
 */
import { type Eui64, parseEui64 } from '../domain/eui64.ts';
import type { DccUser, Party } from '../domain/reference-data.ts';

/** The three network regions of the demo world. */
export type Region = 'north' | 'central' | 'south';

export const REGIONS: readonly Region[] = ['north', 'central', 'south'];

/** A party of the demo market and what it does there. */
export interface DemoParty extends Party {
  /** Small number that makes the party's User IDs. */
  readonly number: number;
  readonly roles: readonly string[];
  /** Weight among suppliers of electricity (IS) when a premises picks one. */
  readonly electricityShare?: number;
  /** Weight among gas suppliers (GS). */
  readonly gasShare?: number;
  /** The Registered Supplier Agent a supplier appoints. */
  readonly agent?: string;
  /** The region a distributor or transporter serves. */
  readonly region?: Region;
}

/** The DCC itself: it holds the ACB, WAN and transitional-CoS cells. */
export const DCC_PARTY = 'DCC';

/** The DCC's EUI-64: the target of non-device requests, origin of alerts. */
export const DCC_ID: Eui64 = parseEui64('90-B3-D5-1F-30-00-00-02');

/** The independent distributor that adopts networks (NO change). */
export const IDNO_PARTY = 'INDNET';

export const DEMO_PARTIES: readonly DemoParty[] = [
  {
    partyId: DCC_PARTY,
    name: 'Data Communications Company',
    number: 0,
    roles: [],
  },
  {
    partyId: 'BRITEN',
    name: 'Briten Energy',
    number: 1,
    roles: ['IS', 'GS', 'ES'],
    electricityShare: 30,
    gasShare: 32,
    agent: 'METRIX',
  },
  {
    partyId: 'VOLTAS',
    name: 'Voltas Power',
    number: 2,
    roles: ['IS'],
    electricityShare: 16,
    agent: 'METRIX',
  },
  {
    partyId: 'HEARTH',
    name: 'Hearth Gas & Power',
    number: 3,
    roles: ['IS', 'GS'],
    electricityShare: 22,
    gasShare: 24,
    agent: 'ATLASM',
  },
  {
    partyId: 'KESTRL',
    name: 'Kestrel Energy',
    number: 4,
    roles: ['IS', 'GS'],
    electricityShare: 12,
    gasShare: 12,
    agent: 'METRIX',
  },
  {
    partyId: 'PEBBLE',
    name: 'Pebble Energy',
    number: 5,
    roles: ['IS', 'GS'],
    electricityShare: 6,
    gasShare: 6,
    agent: 'ATLASM',
  },
  {
    partyId: 'CALORA',
    name: 'Calora Gas',
    number: 6,
    roles: ['GS'],
    gasShare: 14,
    agent: 'ATLASM',
  },
  { partyId: 'SOLARX', name: 'SolarX Export', number: 7, roles: ['ES'] },
  {
    partyId: 'NORGRD',
    name: 'Northern Grid',
    number: 10,
    roles: ['ED'],
    region: 'north',
  },
  {
    partyId: 'MIDLEC',
    name: 'Midlands Electricity Networks',
    number: 11,
    roles: ['ED'],
    region: 'central',
  },
  {
    partyId: 'SOUTHE',
    name: 'Southern Electric Networks',
    number: 12,
    roles: ['ED'],
    region: 'south',
  },
  {
    partyId: IDNO_PARTY,
    name: 'Independent Network Company',
    number: 13,
    roles: ['ED'],
  },
  {
    partyId: 'NTHGAS',
    name: 'Northern Gas Transmission',
    number: 20,
    roles: ['GT'],
    region: 'north',
  },
  {
    partyId: 'CENGAS',
    name: 'Central Gas Networks',
    number: 21,
    roles: ['GT'],
    region: 'central',
  },
  {
    partyId: 'STHGAS',
    name: 'Southern Gas Mains',
    number: 22,
    roles: ['GT'],
    region: 'south',
  },
  {
    partyId: 'METRIX',
    name: 'Metrix Meter Services',
    number: 30,
    roles: ['RSA'],
  },
  {
    partyId: 'ATLASM',
    name: 'Atlas Metering',
    number: 31,
    roles: ['RSA'],
  },
  {
    partyId: 'HOMEIQ',
    name: 'HomeIQ Energy Insights',
    number: 40,
    roles: ['OU'],
  },
  { partyId: 'WATTLY', name: 'Wattly', number: 41, roles: ['OU'] },
];

const ROLE_NUMBERS: Readonly<Record<string, number>> = {
  IS: 1,
  ES: 2,
  GS: 3,
  ED: 4,
  GT: 5,
  RSA: 6,
  OU: 7,
};

const BY_ID = new Map(DEMO_PARTIES.map((party) => [party.partyId, party]));

/** The demo party with this id; throws for an unknown one (a bug). */
export function demoParty(partyId: string): DemoParty {
  const party = BY_ID.get(partyId);
  if (party === undefined) throw new RangeError(`no demo party ${partyId}`);
  return party;
}

/**
 * The User ID a party uses in a role: `90-B3-D5-1F-30-PP-RR-00`, PP the
 * party's number and RR the role's, in the style of DCC test User IDs.
 */
export function userIdOf(partyId: string, role: string): Eui64 {
  const party = demoParty(partyId);
  const roleNumber = ROLE_NUMBERS[role];
  if (roleNumber === undefined || !party.roles.includes(role)) {
    throw new RangeError(`${partyId} has no ${role} user`);
  }
  const hex = (n: number): string => n.toString(16).padStart(2, '0');
  return parseEui64(`90b3d51f30${hex(party.number)}${hex(roleNumber)}00`);
}

/** Every DCC User of the demo market. */
export function demoUsers(): DccUser[] {
  return DEMO_PARTIES.flatMap((party) =>
    party.roles.map((role) => ({
      userId: userIdOf(party.partyId, role),
      partyId: party.partyId,
      role,
    })),
  );
}

/** The electricity suppliers with their market weights. */
export function electricitySuppliers(): (readonly [string, number])[] {
  return DEMO_PARTIES.filter((party) => party.electricityShare).map(
    (party) => [party.partyId, party.electricityShare ?? 0] as const,
  );
}

/** The gas suppliers with their market weights. */
export function gasSuppliers(): (readonly [string, number])[] {
  return DEMO_PARTIES.filter((party) => party.gasShare).map(
    (party) => [party.partyId, party.gasShare ?? 0] as const,
  );
}

/** The distributor (ED) or transporter (GT) of a region. */
export function networkOperatorOf(region: Region, role: 'ED' | 'GT'): string {
  const party = DEMO_PARTIES.find(
    (candidate) =>
      candidate.region === region && candidate.roles.includes(role),
  );
  if (party === undefined) throw new RangeError(`no ${role} in ${region}`);
  return party.partyId;
}

/** The Registered Supplier Agent a supplier appoints. */
export function agentOf(supplier: string): string {
  return demoParty(supplier).agent ?? 'METRIX';
}

/** Whether a supplier also supplies gas (a dual-fuel supplier). */
export function suppliesGas(partyId: string): boolean {
  return demoParty(partyId).roles.includes('GS');
}

/** Whether a supplier also supplies electricity. */
export function suppliesElectricity(partyId: string): boolean {
  return demoParty(partyId).roles.includes('IS');
}
