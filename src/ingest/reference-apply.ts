/**
 * Applies rows of reference data that read well on their own to the
 * store: checks them against what is stored (unknown party, role or
 * device, a conflicting definition, overlapping intervals), then writes
 * the good ones. A row identical to a stored one is a duplicate; an
 * interval row that matches a stored one but for its `to` updates it (a
 * Change of Supplier arrives as the old row, now closed, and a new row).
 */
import { formatEui64 } from '../domain/eui64.ts';
import {
  intervalsOverlap,
  METER_TYPES,
  mpxnFuel,
} from '../domain/reference-data.ts';
import type {
  Credential,
  DccUser,
  Device,
  HanLink,
  MeterPoint,
  Party,
  Registration,
} from '../domain/reference-data.ts';
import {
  BUILT_IN_ROLES,
  type Role,
  RoleRegistry,
} from '../domain/role-registry.ts';
import type { Store } from '../store/database.ts';
import {
  findDevices,
  findIntervalRows,
  findParties,
  findRoles,
  findUsers,
  INTERVAL_TABLES,
  insertDevices,
  insertUsers,
  type IntervalRow,
  type IntervalTable,
  upsertParties,
  upsertRoles,
  writeIntervalRows,
} from '../store/reference-store.ts';
import type { SourcedRow } from './reference-loader.ts';
import type { ReferenceKind, ReferenceRowTypes } from './reference-rows.ts';

/** What the rows of one file are checked against; updated as it loads. */
export interface LoadContext {
  readonly parties: Set<string>;
  roles: RoleRegistry;
}

/** What became of one row. */
export type RowOutcome =
  | {
      readonly line: number;
      readonly text: string;
      readonly outcome: 'accepted' | 'duplicate';
    }
  | {
      readonly line: number;
      readonly text: string;
      readonly outcome: 'rejected';
      readonly reason: string;
    };

type Rows<K extends ReferenceKind> = readonly SourcedRow<
  ReferenceRowTypes[K]
>[];

/** Checks and writes one chunk of rows of one kind, in file order. */
export async function applyRows(
  store: Store,
  kind: ReferenceKind,
  rows: readonly SourcedRow<unknown>[],
  context: LoadContext,
): Promise<RowOutcome[]> {
  switch (kind) {
    case 'roles':
      return applyRoles(store, rows as Rows<'roles'>, context);
    case 'parties':
      return applyParties(store, rows as Rows<'parties'>, context);
    case 'users':
      return applyUsers(store, rows as Rows<'users'>, context);
    case 'devices':
      return applyDevices(store, rows as Rows<'devices'>);
    case 'meter-points':
      return applyMeterPoints(store, rows as Rows<'meter-points'>);
    case 'han-links':
      return applyHanLinks(store, rows as Rows<'han-links'>);
    case 'registrations':
      return applyRegistrations(store, rows as Rows<'registrations'>, context);
    case 'credentials':
      return applyCredentials(store, rows as Rows<'credentials'>, context);
  }
}

function accepted(row: SourcedRow<unknown>): RowOutcome {
  return { line: row.line, text: row.text, outcome: 'accepted' };
}

function duplicate(row: SourcedRow<unknown>): RowOutcome {
  return { line: row.line, text: row.text, outcome: 'duplicate' };
}

function rejected(row: SourcedRow<unknown>, reason: string): RowOutcome {
  return { line: row.line, text: row.text, outcome: 'rejected', reason };
}

const BUILT_IN = new Map(BUILT_IN_ROLES.map((r) => [r.code, r]));

async function applyRoles(
  store: Store,
  rows: Rows<'roles'>,
  context: LoadContext,
): Promise<RowOutcome[]> {
  const stored = await findRoles(
    store,
    rows.map((r) => r.row.code),
  );
  const changed = new Map<string, Role>();
  const outcomes = rows.map(({ row, ...at }) => {
    const known = changed.get(row.code) ?? stored.get(row.code);
    const builtIn = BUILT_IN.get(row.code);
    if (builtIn !== undefined) {
      return sameRole(builtIn, row)
        ? duplicate({ ...at, row })
        : rejected(
            { ...at, row },
            `role ${row.code} is built in and cannot be redefined`,
          );
    }
    if (known !== undefined && sameRole(known, row))
      return duplicate({ ...at, row });
    if (known !== undefined && known.kind !== row.kind) {
      return rejected(
        { ...at, row },
        `role ${row.code} is already defined with kind ${known.kind}`,
      );
    }
    changed.set(row.code, row);
    return accepted({ ...at, row });
  });
  await upsertRoles(store, [...changed.values()]);
  context.roles = new RoleRegistry([
    ...context.roles.all(),
    ...changed.values(),
  ]);
  return outcomes;
}

function sameRole(a: Role, b: Role): boolean {
  return a.code === b.code && a.name === b.name && a.kind === b.kind;
}

async function applyParties(
  store: Store,
  rows: Rows<'parties'>,
  context: LoadContext,
): Promise<RowOutcome[]> {
  const stored = await findParties(
    store,
    rows.map((r) => r.row.partyId),
  );
  const changed = new Map<string, Party>();
  const outcomes = rows.map((sourced) => {
    const { row } = sourced;
    const known = changed.get(row.partyId) ?? stored.get(row.partyId);
    if (known?.name === row.name) return duplicate(sourced);
    changed.set(row.partyId, row);
    return accepted(sourced);
  });
  await upsertParties(store, [...changed.values()]);
  for (const partyId of changed.keys()) context.parties.add(partyId);
  return outcomes;
}

async function applyUsers(
  store: Store,
  rows: Rows<'users'>,
  context: LoadContext,
): Promise<RowOutcome[]> {
  const known = await findUsers(
    store,
    rows.map((r) => r.row.userId),
  );
  const added: DccUser[] = [];
  const outcomes = rows.map((sourced) => {
    const { row } = sourced;
    const problem =
      unknownParty(row.partyId, context) ?? unknownRole(row.role, context);
    if (problem !== null) return rejected(sourced, problem);
    const existing = known.get(row.userId);
    if (existing === undefined) {
      known.set(row.userId, row);
      added.push(row);
      return accepted(sourced);
    }
    if (existing.partyId === row.partyId && existing.role === row.role) {
      return duplicate(sourced);
    }
    return rejected(
      sourced,
      `user ${formatEui64(row.userId)} already belongs to ${existing.partyId} in role ` +
        existing.role,
    );
  });
  await insertUsers(store, added);
  return outcomes;
}

async function applyDevices(
  store: Store,
  rows: Rows<'devices'>,
): Promise<RowOutcome[]> {
  const known = await findDevices(
    store,
    rows.map((r) => r.row.deviceId),
  );
  const added: Device[] = [];
  const outcomes = rows.map((sourced) => {
    const { row } = sourced;
    const existing = known.get(row.deviceId);
    if (existing === undefined) {
      known.set(row.deviceId, row);
      added.push(row);
      return accepted(sourced);
    }
    if (
      existing.deviceType === row.deviceType &&
      existing.smets === row.smets
    ) {
      return duplicate(sourced);
    }
    return rejected(
      sourced,
      `device ${formatEui64(row.deviceId)} is already a SMETS${existing.smets} ` +
        existing.deviceType,
    );
  });
  await insertDevices(store, added);
  return outcomes;
}

async function applyMeterPoints(
  store: Store,
  rows: Rows<'meter-points'>,
): Promise<RowOutcome[]> {
  const devices = await findDevices(
    store,
    rows.map((r) => r.row.deviceId),
  );
  return applyIntervals(store, 'meter_point', rows, {
    columns: (r: MeterPoint) => ({ device_id: r.deviceId, mpxn: r.mpxn }),
    check: (r: MeterPoint) => meterServes(devices.get(r.deviceId), r),
  });
}

function meterServes(
  device: Device | undefined,
  row: MeterPoint,
): string | null {
  if (device === undefined)
    return `device ${formatEui64(row.deviceId)} is unknown`;
  if (!METER_TYPES.includes(device.deviceType)) {
    return `device ${formatEui64(row.deviceId)} is a ${device.deviceType}, not a meter`;
  }
  const fuel = mpxnFuel(row.mpxn);
  const expected = device.deviceType === 'ESME' ? 'electricity' : 'gas';
  if (fuel !== expected) {
    return (
      `a ${device.deviceType} serves a ${expected} meter point, but ` +
      `${row.mpxn} is ${fuel === 'gas' ? 'an MPRN' : 'an MPAN'}`
    );
  }
  return null;
}

async function applyHanLinks(
  store: Store,
  rows: Rows<'han-links'>,
): Promise<RowOutcome[]> {
  const devices = await findDevices(
    store,
    rows.flatMap((r) => [r.row.deviceId, r.row.meterId]),
  );
  return applyIntervals(store, 'han_link', rows, {
    columns: (r: HanLink) => ({ device_id: r.deviceId, meter_id: r.meterId }),
    check: (r: HanLink) => linkProblem(devices, r),
  });
}

function linkProblem(
  devices: Map<string, Device>,
  row: HanLink,
): string | null {
  const device = devices.get(row.deviceId);
  const meter = devices.get(row.meterId);
  if (device === undefined)
    return `device ${formatEui64(row.deviceId)} is unknown`;
  if (meter === undefined)
    return `meter ${formatEui64(row.meterId)} is unknown`;
  if (METER_TYPES.includes(device.deviceType)) {
    return (
      `device ${formatEui64(row.deviceId)} is a meter (${device.deviceType}); ` +
      'meters serve MPxNs through meter-points.csv'
    );
  }
  if (!METER_TYPES.includes(meter.deviceType)) {
    return `meter_id ${formatEui64(row.meterId)} is a ${meter.deviceType}, not a meter`;
  }
  return null;
}

/** Roles that exist for one fuel only. */
const ROLE_FUEL: Readonly<Record<string, 'electricity' | 'gas'>> = {
  IS: 'electricity',
  ES: 'electricity',
  ED: 'electricity',
  GS: 'gas',
  GT: 'gas',
};

async function applyRegistrations(
  store: Store,
  rows: Rows<'registrations'>,
  context: LoadContext,
): Promise<RowOutcome[]> {
  return applyIntervals(store, 'registration', rows, {
    columns: (r: Registration) => ({
      mpxn: r.mpxn,
      role: r.role,
      party_id: r.partyId,
    }),
    check: (r: Registration) =>
      unknownParty(r.partyId, context) ??
      unknownRole(r.role, context) ??
      fuelMismatch(r),
  });
}

function fuelMismatch(row: Registration): string | null {
  const fuel = ROLE_FUEL[row.role];
  if (fuel === undefined || fuel === mpxnFuel(row.mpxn)) return null;
  return (
    `role ${row.role} is registered for ${fuel} meter points, but ` +
    `${row.mpxn} is ${fuel === 'gas' ? 'an MPAN' : 'an MPRN'}`
  );
}

async function applyCredentials(
  store: Store,
  rows: Rows<'credentials'>,
  context: LoadContext,
): Promise<RowOutcome[]> {
  const devices = await findDevices(
    store,
    rows.map((r) => r.row.deviceId),
  );
  return applyIntervals(store, 'credential', rows, {
    columns: (r: Credential) => ({
      device_id: r.deviceId,
      anchor: r.anchor,
      party_id: r.partyId,
    }),
    check: (r: Credential) =>
      (devices.has(r.deviceId)
        ? null
        : `device ${formatEui64(r.deviceId)} is unknown`) ??
      unknownParty(r.partyId, context),
  });
}

function unknownParty(partyId: string, context: LoadContext): string | null {
  return context.parties.has(partyId) ? null : `party ${partyId} is unknown`;
}

function unknownRole(role: string, context: LoadContext): string | null {
  return context.roles.has(role) ? null : `role ${role} is unknown`;
}

interface IntervalMapping<T> {
  /** The row's text columns, as stored. */
  columns(row: T): Record<string, string>;
  /** A reason to refuse the row before its interval is considered. */
  check(row: T): string | null;
}

/** Checks interval rows against the stored ones of their group and
 * against each other, then writes inserts and updates together. */
async function applyIntervals<T extends { from: number; to: number | null }>(
  store: Store,
  table: IntervalTable,
  rows: readonly SourcedRow<T>[],
  mapping: IntervalMapping<T>,
): Promise<RowOutcome[]> {
  const spec = INTERVAL_TABLES[table];
  const candidates = rows.map((r) => ({
    columns: mapping.columns(r.row),
    from: r.row.from,
    to: r.row.to,
  }));
  const firstColumn = spec.group[0] ?? '';
  const stored = await findIntervalRows(
    store,
    table,
    firstColumn,
    candidates.map((c) => c.columns[firstColumn] ?? ''),
  );
  const groups = new IntervalGroups(table, stored);
  const outcomes = rows.map((sourced, i) => {
    const reason =
      mapping.check(sourced.row) ?? groups.apply(candidates[i] as IntervalRow);
    if (reason === 'duplicate') return duplicate(sourced);
    return reason === null ? accepted(sourced) : rejected(sourced, reason);
  });
  await writeIntervalRows(store, table, groups.inserts(), groups.updates());
  return outcomes;
}

/** The rows of each non-overlapping group, and what changed in them. */
class IntervalGroups {
  readonly #table: IntervalTable;
  readonly #groups = new Map<string, IntervalRow[]>();
  readonly #changed = new Map<string, { row: IntervalRow; isNew: boolean }>();

  constructor(table: IntervalTable, stored: readonly IntervalRow[]) {
    this.#table = table;
    for (const row of stored) this.#list(row).push(row);
  }

  /** Takes a row in; answers null, 'duplicate', or why it is refused. */
  apply(row: IntervalRow): string | null {
    const list = this.#list(row);
    const identity = this.#identity(row);
    const index = list.findIndex((r) => this.#identity(r) === identity);
    const same = list[index];
    if (same !== undefined && same.to === row.to) return 'duplicate';
    const clash = list.find((r, i) => i !== index && intervalsOverlap(r, row));
    if (clash !== undefined) return `overlaps ${describe(this.#table, clash)}`;
    if (same === undefined) list.push(row);
    else list[index] = row;
    const isNew = this.#changed.get(identity)?.isNew ?? same === undefined;
    this.#changed.set(identity, { row, isNew });
    return null;
  }

  inserts(): IntervalRow[] {
    return [...this.#changed.values()].filter((c) => c.isNew).map((c) => c.row);
  }

  updates(): IntervalRow[] {
    return [...this.#changed.values()]
      .filter((c) => !c.isNew)
      .map((c) => c.row);
  }

  #list(row: IntervalRow): IntervalRow[] {
    const key = INTERVAL_TABLES[this.#table].group
      .map((c) => row.columns[c])
      .join('\u0000');
    let list = this.#groups.get(key);
    if (list === undefined) this.#groups.set(key, (list = []));
    return list;
  }

  #identity(row: IntervalRow): string {
    const { group, other } = INTERVAL_TABLES[this.#table];
    return [...group, ...other]
      .map((c) => row.columns[c])
      .concat(String(row.from))
      .join('\u0000');
  }
}

/** A stored interval row in words, for a quarantine reason. */
function describe(table: IntervalTable, row: IntervalRow): string {
  const c = row.columns;
  const span =
    `from ${new Date(row.from).toISOString()} to ` +
    (row.to === null ? 'open' : new Date(row.to).toISOString());
  switch (table) {
    case 'registration':
      return `the ${c['role']} registration of ${c['party_id']} on ${c['mpxn']} ${span}`;
    case 'credential':
      return `the ${c['anchor']} credential of ${c['party_id']} on ${formatEui64(c['device_id'] ?? '')} ${span}`;
    case 'meter_point':
      return `the meter point ${c['mpxn']} of ${formatEui64(c['device_id'] ?? '')} ${span}`;
    case 'han_link':
      return `the HAN link of ${formatEui64(c['device_id'] ?? '')} to ${formatEui64(c['meter_id'] ?? '')} ${span}`;
  }
}
