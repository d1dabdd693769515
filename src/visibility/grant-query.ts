/**
 * The visibility rule's responsibility part in SQL: which devices a party
 * is Responsible Supplier or Network Operator for at an instant, and over
 * which interval. It states the same rule as `responsibility.ts` (which
 * explains a device's history); the record queries embed it so that the
 * store applies the rule inside the query, for one device or for a whole
 * portfolio, in one round trip.
 *
 * The SQL is plain enough for SQLite and PostgreSQL alike. An MPAN is the
 * 13-digit MPxN; the loader has checked every MPxN's form.
 */
import { type RawBuilder, sql } from 'kysely';

import type { Eui64 } from '../domain/eui64.ts';
import { METER_TYPES } from '../domain/reference-data.ts';
import type { Store } from '../store/database.ts';
import type { ResponsibilityBasis } from './responsibility.ts';
import { runShaped } from './shaped-query.ts';

/** One device a party is responsible for at the instant asked. */
export interface GrantRow {
  readonly device_id: string;
  readonly basis: ResponsibilityBasis;
  readonly valid_from: number;
  readonly valid_to: number | null;
}

/** Which devices to consider: all, or some by id. */
export type DeviceSelector =
  | { readonly kind: 'all' }
  | { readonly kind: 'ids'; readonly ids: readonly string[] };

const METERS = sql.join(METER_TYPES.map((t) => sql.lit(t)));

/** An instant in epoch ms, or a placeholder for one (shaped-query.ts). */
type Instant = number | string;

/**
 * The grants a party holds at an instant, one row per way it holds one:
 * (device_id, basis, valid_from, valid_to).
 */
export function grantsSql(
  partyId: string,
  at: Instant,
  devices: DeviceSelector,
): RawBuilder<GrantRow> {
  const rs = sql`case when length(mp.mpxn) = 13 then 'IS' else 'GS' end`;
  const no = sql`case when length(mp.mpxn) = 13 then 'ED' else 'GT' end`;
  return sql<GrantRow>`
    ${viaMeterPoint('responsible-supplier', rs, partyId, at, devices, false)}
    union all
    ${viaHanLink('responsible-supplier', rs, partyId, at, devices, false)}
    union all
    select c.device_id, 'network-operator' as basis,
      c.valid_from, c.valid_to
    from credential c
    where c.anchor = 'network-operator' and c.party_id = ${partyId}
      and ${live('c', at)} ${restrict('c.device_id', devices)}
    union all
    ${viaMeterPoint('network-operator', no, partyId, at, devices, true)}
    union all
    ${viaHanLink('network-operator', no, partyId, at, devices, true)}`;
}

/**
 * The best grant of the party on one device as one text value
 * `basis|from|to` (to empty when open), or null: a scalar subquery that a
 * record query can select, so that the rule costs no extra round trip.
 */
export function bestGrantSql(
  partyId: string,
  at: Instant,
  deviceId: string,
): RawBuilder<string | null> {
  const grants = grantsSql(partyId, at, { kind: 'ids', ids: [deviceId] });
  return sql<string | null>`(select g.basis || '|' ||
      cast(g.valid_from as text) || '|' ||
      coalesce(cast(g.valid_to as text), '')
    from (${grants}) g
    order by case when g.basis = 'responsible-supplier' then 0 else 1 end,
      g.valid_from
    limit 1)`;
}

/** Reads the text of {@link bestGrantSql}. */
export function parseGrantText(
  deviceId: string,
  text: string | null | undefined,
): GrantRow | undefined {
  if (text === null || text === undefined) return undefined;
  const [basis, from, to] = text.split('|');
  return {
    device_id: deviceId,
    basis: basis === 'network-operator' ? basis : 'responsible-supplier',
    valid_from: Number(from),
    valid_to: to === undefined || to === '' ? null : Number(to),
  };
}

/** A meter's grant through its own meter point and a registration. */
function viaMeterPoint(
  basis: ResponsibilityBasis,
  role: RawBuilder<unknown>,
  partyId: string,
  at: Instant,
  devices: DeviceSelector,
  withoutCredentials: boolean,
) {
  return sql`
    select mp.device_id, ${sql.lit(basis)} as basis,
      ${later(sql.ref('mp.valid_from'), sql.ref('r.valid_from'))} as valid_from,
      ${earlier(sql.ref('mp.valid_to'), sql.ref('r.valid_to'))} as valid_to
    from meter_point mp
    join device d on d.device_id = mp.device_id
    join registration r on r.mpxn = mp.mpxn
    where d.device_type in (${METERS}) and r.role = ${role}
      and r.party_id = ${partyId} and ${live('mp', at)} and ${live('r', at)}
      ${restrict('mp.device_id', devices)}
      ${withoutCredentials ? noCredentials('mp.device_id') : sql``}`;
}

/** Another device's grant through a HAN link to a meter. */
function viaHanLink(
  basis: ResponsibilityBasis,
  role: RawBuilder<unknown>,
  partyId: string,
  at: Instant,
  devices: DeviceSelector,
  withoutCredentials: boolean,
) {
  const from = later(
    sql.ref('h.valid_from'),
    later(sql.ref('mp.valid_from'), sql.ref('r.valid_from')),
  );
  const to = earlier(
    sql.ref('h.valid_to'),
    earlier(sql.ref('mp.valid_to'), sql.ref('r.valid_to')),
  );
  return sql`
    select h.device_id, ${sql.lit(basis)} as basis,
      ${from} as valid_from, ${to} as valid_to
    from han_link h
    join device d on d.device_id = h.device_id
    join device m on m.device_id = h.meter_id
    join meter_point mp on mp.device_id = h.meter_id
    join registration r on r.mpxn = mp.mpxn
    where d.device_type not in (${METERS}) and m.device_type in (${METERS})
      and r.role = ${role} and r.party_id = ${partyId}
      and ${live('h', at)} and ${live('mp', at)} and ${live('r', at)}
      ${restrict('h.device_id', devices)}
      ${withoutCredentials ? noCredentials('h.device_id') : sql``}`;
}

function live(alias: string, at: Instant) {
  const from = sql.ref(`${alias}.valid_from`);
  const to = sql.ref(`${alias}.valid_to`);
  return sql`(${from} <= ${at} and (${to} is null or ${to} > ${at}))`;
}

function restrict(column: string, devices: DeviceSelector) {
  switch (devices.kind) {
    case 'all':
      return sql``;
    case 'ids':
      return devices.ids.length === 0
        ? sql`and 1 = 0`
        : sql`and ${sql.ref(column)} in (${sql.join(devices.ids)})`;
  }
}

/** The registered distributor or transporter stands in only for a device
 * with no credential rows at all. */
function noCredentials(column: string) {
  return sql`and not exists (select 1 from credential x
    where x.device_id = ${sql.ref(column)})`;
}

/** The later of two starts (neither is null). */
function later(a: RawBuilder<unknown>, b: RawBuilder<unknown>) {
  return sql`case when ${a} > ${b} then ${a} else ${b} end`;
}

/** The earlier of two ends, where null is open (never ends). */
function earlier(a: RawBuilder<unknown>, b: RawBuilder<unknown>) {
  return sql`case when ${a} is null then ${b} when ${b} is null then ${a}
    when ${a} < ${b} then ${a} else ${b} end`;
}

/**
 * The grant that lets the party see each of these devices at the instant:
 * Responsible Supplier before Network Operator, then the longest-standing.
 */
export async function grantsByDevice(
  store: Store,
  partyId: string,
  at: number,
  deviceIds: readonly string[],
): Promise<Map<Eui64, GrantRow>> {
  const out = new Map<Eui64, GrantRow>();
  const ids = [...new Set(deviceIds)];
  if (ids.length === 0) return out;
  // On SQLite one statement per device: for a list of ids its planner
  // walks every registration of the party and probes each for every id
  // (66 to 85 ms for 100 devices of a party with 1,000), while the
  // statement for one id starts from the device (3 to 7 ms for the 100),
  // and a call costs no round trip. PostgreSQL plans the list from its
  // statistics.
  const lists = store.sqlite !== null ? ids.map((id) => [id]) : [ids];
  const rows: GrantRow[] = [];
  for (const list of lists) {
    rows.push(
      ...(await runShaped(
        store,
        `grants:${list.length}`,
        (p) =>
          grantsSql(p(0), p(1), {
            kind: 'ids',
            ids: list.map((_, i) => p(i + 2)),
          }),
        [partyId, at, ...list],
      )),
    );
  }
  for (const row of rows.map(normalise)) {
    const id = row.device_id as Eui64;
    const best = out.get(id);
    if (best === undefined || ranksBefore(row, best)) out.set(id, row);
  }
  return out;
}

function ranksBefore(a: GrantRow, b: GrantRow): boolean {
  if (a.basis !== b.basis) return a.basis === 'responsible-supplier';
  return a.valid_from < b.valid_from;
}

// PostgreSQL answers BIGINT columns of a CASE as numbers already (the type
// parser in database.ts); SQLite may too. Both are made plain numbers.
function normalise(row: GrantRow): GrantRow {
  return {
    device_id: row.device_id,
    basis: row.basis,
    valid_from: Number(row.valid_from),
    valid_to: row.valid_to === null ? null : Number(row.valid_to),
  };
}
