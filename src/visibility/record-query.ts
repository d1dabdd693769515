/**
 * The record lists, with the visibility rule applied inside each query
 * (PRODUCT.md §3). A viewer sees a record on device D when:
 *
 * - `own`: the record's User ID is one of the viewer party's users (the
 *   requests it sent, the responses and alerts addressed to it), always
 *   and in full;
 * - `responsible-supplier` / `network-operator`: the viewer is that for D
 *   at the query's instant (`at`, default now); then it sees every record
 *   on D over the whole history, with other parties' bodies withheld.
 *
 * Records on no device are visible only as own. A device on which the
 * viewer may see nothing answers null, as if it did not exist.
 */
import { type RawBuilder, sql, type SqlBool } from 'kysely';

import type { Eui64 } from '../domain/eui64.ts';
import { mpxnFuel } from '../domain/reference-data.ts';
import type { Store } from '../store/database.ts';
import { meterPointsFor, hanLinksOf } from '../store/reference-store.ts';
import {
  bestGrantSql,
  type GrantRow,
  grantsByDevice,
  grantsSql,
  parseGrantText,
} from './grant-query.ts';
import { decodeCursor, encodeCursor, pageLimit } from './record-cursor.ts';
import {
  normaliseRow,
  presentRecords,
  type RecordRow,
} from './record-presenter.ts';
import { type Placeholder, runShaped } from './shaped-query.ts';
import type { RecordFilter, RecordPage, Viewer } from './record-view.ts';
import {
  deviceAccess,
  hasOwnRecords,
  resolveViewer,
  type ViewerScope,
} from './viewer-scope.ts';

/** A device's records that the viewer may see, newest first; null when it
 * may see none of them (not visible or not found). */
export async function listDeviceRecords(
  store: Store,
  viewer: Viewer,
  deviceId: Eui64,
  filter: RecordFilter,
  at: number = Date.now(),
): Promise<RecordPage | null> {
  const result =
    store.sqlite === null
      ? await oneStatementPage(store, viewer, deviceId, filter, at)
      : await twoStatementPage(store, viewer, deviceId, filter, at);
  if (result === null) return null;
  const records = await presentRecords(store, result.page.rows, {
    partyId: viewer.partyId,
    grantOf: () => result.grant,
    includePayload: filter.includePayload ?? true,
  });
  return { records, nextCursor: result.page.nextCursor };
}

/** A page of a device's records and the grant that shows them. */
interface GrantedPage {
  readonly page: RowPage;
  readonly grant: GrantRow | undefined;
}

/**
 * PostgreSQL: one statement decides and reads, the viewer's grant being a
 * scalar subquery of the page query, so the rule costs no round trip. Only
 * an empty page needs a second look, to tell an empty view from no view
 * (or an unknown party).
 */
async function oneStatementPage(
  store: Store,
  viewer: Viewer,
  deviceId: Eui64,
  filter: RecordFilter,
  at: number,
): Promise<GrantedPage | null> {
  const page = await selectRecordPage(
    store,
    ruledDeviceScope(deviceId, viewer.partyId, at),
    filter,
  );
  if (page.rows.length > 0) {
    return { page, grant: parseGrantText(deviceId, page.extra) };
  }
  const scope = await resolveViewer(store, viewer, at);
  const access = await deviceAccess(store, scope, deviceId);
  return access === null ? null : { page, grant: access.grant };
}

/**
 * SQLite: the grant first, then the page scoped by it. SQLite runs the
 * subqueries of the one-statement form once per row (0.6 ms more per page
 * of 100), while a round trip costs nothing in process.
 */
async function twoStatementPage(
  store: Store,
  viewer: Viewer,
  deviceId: Eui64,
  filter: RecordFilter,
  at: number,
): Promise<GrantedPage | null> {
  const scope = await resolveViewer(store, viewer, at);
  const access = await deviceAccess(store, scope, deviceId);
  if (access === null) return null;
  const page = await selectRecordPage(
    store,
    deviceScope(deviceId, scope.partyId, access.grant !== undefined),
    filter,
  );
  return { page, grant: access.grant };
}

/** A device's records: all of them, or only the party's own. */
function deviceScope(
  deviceId: Eui64,
  partyId: string,
  all: boolean,
): PageScope {
  return all
    ? {
        shape: 'device-all',
        values: [deviceId],
        condition: (p) => sql<boolean>`r.device_id = ${p(0)}`,
      }
    : {
        shape: 'device-own',
        values: [deviceId, partyId],
        condition: (p) =>
          sql<boolean>`r.device_id = ${p(0)} and u.party_id = ${p(1)}`,
      };
}

/** A device's records that a party may see at an instant: all of them
 * where it holds a grant, else only its own. */
function ruledDeviceScope(
  deviceId: Eui64,
  partyId: string,
  at: number,
): PageScope {
  return {
    shape: 'device-ruled',
    values: [deviceId, partyId, at],
    condition: (p) => sql<boolean>`r.device_id = ${p(0)}
      and (u.party_id = ${p(1)} or exists (${grantsSql(p(1), p(2), {
        kind: 'ids',
        ids: [p(0)],
      })}))`,
    extra: (p) => bestGrantSql(p(1), p(2), p(0)),
  };
}

/** The records of every device that has served an MPxN (its meters, and
 * the devices HAN-linked to them), as far as the viewer may see each
 * device; null when it may see none. */
export async function listMpxnRecords(
  store: Store,
  viewer: Viewer,
  mpxn: string,
  filter: RecordFilter,
  at?: number,
): Promise<RecordPage | null> {
  const scope = await resolveViewer(store, viewer, at);
  const reach = await mpxnReach(store, scope, mpxn);
  if (reach === null) return null;
  const granted = [...reach.grants.keys()];
  const { devices } = reach;
  const page = await selectRecordPage(
    store,
    {
      shape: `mpxn:${granted.length}:${devices.length}`,
      values: [scope.partyId, ...granted, ...devices],
      condition: (p) => {
        const mine = granted.map((_, i) => p(1 + i));
        const all = devices.map((_, i) => p(1 + granted.length + i));
        return sql<boolean>`(${inList('r.device_id', mine)}
          or (${inList('r.device_id', all)} and u.party_id = ${p(0)}))`;
      },
    },
    filter,
  );
  const records = await presentRecords(store, page.rows, {
    partyId: scope.partyId,
    grantOf: (id) => reach.grants.get(id as Eui64),
    includePayload: filter.includePayload ?? true,
  });
  return { records, nextCursor: page.nextCursor };
}

/** The devices an MPxN reaches and the viewer's grants on them; null when
 * the viewer may see nothing of any of them. */
export async function mpxnReach(
  store: Store,
  scope: ViewerScope,
  mpxn: string,
): Promise<{ devices: Eui64[]; grants: Map<Eui64, GrantRow> } | null> {
  const devices = await devicesServing(store, mpxn);
  const grants = await grantsByDevice(store, scope.partyId, scope.at, devices);
  if (grants.size > 0) return { devices, grants };
  return (await hasOwnRecords(store, scope.partyId, devices))
    ? { devices, grants }
    : null;
}

/** Every device that has served an MPxN at any time: its meters, and the
 * devices HAN-linked to those meters. */
export async function devicesServing(
  store: Store,
  mpxn: string,
): Promise<Eui64[]> {
  if (mpxnFuel(mpxn) === undefined) return [];
  const meters = [
    ...new Set((await meterPointsFor(store, [mpxn])).map((m) => m.deviceId)),
  ];
  const linked = await hanLinksOf(store, meters, 'meter_id');
  return [...new Set([...meters, ...linked.map((l) => l.deviceId)])];
}

/** How many of the newest records of its window a feed page reads, per
 * record it shows, before it reads the portfolio's devices one by one
 * instead: 5,000 for a page of 100, 25,000 for an export's 500. */
const FEED_WALK_PER_RECORD = 50;

/**
 * The portfolio feed: records that other parties' users sent or received
 * on the devices the viewer is responsible for now, newest first.
 *
 * A page first walks the window's newest `walkRows` records through
 * sat_record_time and keeps those on the portfolio's devices: for a party
 * with a tenth of 10,000 devices and 1 million records, a page takes
 * about 6 ms on SQLite and 19 ms on PostgreSQL this way, against 107 and
 * 365 ms reading every record of every portfolio device in the window and
 * sorting them (`satview bench query`). That read remains the fallback
 * for a page whose walk finds fewer than `limit` + 1 of the party's feed
 * records while the window holds more than `walkRows` records.
 *
 * TODO: each page still lists the portfolio's devices in full for the
 * query (within the walk's 10 ms at 1,000 devices, but growing with the
 * portfolio), so at millions of devices that list, kept per party between
 * pages, or a per-record probe of the grant would be needed.
 */
export async function listFeed(
  store: Store,
  viewer: Viewer,
  filter: RecordFilter,
  at?: number,
  walkRows = FEED_WALK_PER_RECORD * pageLimit(filter.limit),
): Promise<RecordPage> {
  const scope = await resolveViewer(store, viewer, at);
  const feedScope: PageScope = {
    shape: 'feed',
    values: [scope.partyId, scope.at],
    condition: (p) => sql<boolean>`r.device_id in (select g.device_id
        from (${grantsSql(p(0), p(1), { kind: 'all' })}) g)
      and (u.party_id is null or u.party_id <> ${p(0)})`,
  };
  // The newest `walkRows` records of the window hold the whole page when
  // they hold one record more than it (so its next cursor is known), or
  // when the window holds no more than they. Otherwise every record of
  // the portfolio's devices in the window is read.
  const walked = await selectRecordPage(store, feedScope, filter, walkRows);
  const page =
    walked.nextCursor !== null ||
    !(await windowHoldsMore(store, filter, walkRows))
      ? walked
      : await selectRecordPage(store, feedScope, filter);
  const grants = await grantsByDevice(
    store,
    scope.partyId,
    scope.at,
    page.rows.flatMap((r) => (r.device_id === null ? [] : [r.device_id])),
  );
  const records = await presentRecords(store, page.rows, {
    partyId: scope.partyId,
    grantOf: (id) => grants.get(id as Eui64),
    includePayload: filter.includePayload ?? true,
  });
  return { records, nextCursor: page.nextCursor };
}

function inList(column: string, values: readonly string[]) {
  return values.length === 0
    ? sql<boolean>`1 = 0`
    : sql<boolean>`${sql.ref(column)} in (${sql.join(values)})`;
}

// ---------------------------------------------------------------------------
// One page of records for a scope the rule decided

/** The rows of one page and the cursor of the next, if any. */
interface RowPage {
  readonly rows: readonly RecordRow[];
  readonly nextCursor: string | null;
  /** The scope's `extra` value (the same on every row); null if none. */
  readonly extra: string | null;
}

/**
 * Which records a page may hold: an SQL condition over `r` (the record)
 * and `u` (its sender's dcc_user row), written with placeholders for its
 * values, and a shape name that says which condition it is.
 */
interface PageScope {
  readonly shape: string;
  readonly values: readonly unknown[];
  readonly condition: (p: Placeholder) => RawBuilder<SqlBool>;
  /** Values the rule computes once per query, selected as `extra`. */
  readonly extra?: (p: Placeholder) => RawBuilder<string | null>;
}

/**
 * Reads one page of the records that the scope lets through. With
 * `walk`, only the newest `walk` records of the filter's time window are
 * considered: read newest first through sat_record_time, whatever the
 * scope, so the page costs `walk` rows at most (see listFeed).
 */
async function selectRecordPage(
  store: Store,
  scope: PageScope,
  filter: RecordFilter,
  walk?: number,
): Promise<RowPage> {
  const limit = pageLimit(filter.limit);
  const conditions = filterConditions(filter, scope.values.length);
  const shape =
    `page:${scope.shape}:${limit}:${walk ?? 'all'}:` +
    conditions.map((c) => c.name).join(',');
  // A walk applies the time window inside its derived table.
  const outside =
    walk === undefined
      ? conditions
      : conditions.filter((c) => !TIME_CONDITIONS.has(c.name));
  const rows = await runShaped<RecordRow & { extra: string | null }>(
    store,
    shape,
    (p) => {
      const records =
        walk === undefined
          ? store.db.selectFrom('sat_record as r')
          : store.db.selectFrom(
              newestFirst(store, conditions, p)
                .selectAll('r')
                .limit(walk)
                .as('r'),
            );
      let query = records
        .leftJoin('dcc_user as u', 'u.user_id', 'r.user_id')
        .selectAll('r')
        .select(['u.party_id as sender_party', 'u.role as sender_role'])
        .select((scope.extra?.(p) ?? sql<null>`null`).as('extra'))
        .where(scope.condition(p));
      for (const condition of outside) query = query.where(condition.sql(p));
      return query
        .orderBy('r.logged_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(limit + 1);
    },
    [...scope.values, ...conditions.flatMap((c) => c.values)],
  );
  const page = rows.slice(0, limit).map(normaliseRow);
  const last = page[page.length - 1];
  const more = rows.length > limit && last !== undefined;
  return {
    rows: page,
    extra: rows[0]?.extra ?? null,
    nextCursor: more
      ? encodeCursor({ loggedAt: last.logged_at, id: Number(last.id) })
      : null,
  };
}

/** The filter conditions that bound a page's time window. */
const TIME_CONDITIONS = new Set(['from', 'to', 'cursor']);

/** The records of the filter's time window (of every device and sender),
 * newest first. With no condition but time, ordered and cut by a LIMIT,
 * both stores read them from sat_record_time. */
function newestFirst(
  store: Store,
  conditions: readonly FilterCondition[],
  p: Placeholder,
) {
  let query = store.db.selectFrom('sat_record as r');
  for (const condition of conditions) {
    if (TIME_CONDITIONS.has(condition.name)) {
      query = query.where(condition.sql(p));
    }
  }
  return query.orderBy('r.logged_at', 'desc').orderBy('r.id', 'desc');
}

/** Whether the filter's time window holds more than `rows` records (of
 * any device or sender): then a walk of that many did not see them all. */
async function windowHoldsMore(
  store: Store,
  filter: RecordFilter,
  rows: number,
): Promise<boolean> {
  // Numbered as in the page query, so all conditions' values are passed
  // and named in the shape, though only the time window's are used.
  const conditions = filterConditions(filter, 0);
  const found = await runShaped<{ id: number }>(
    store,
    `window-beyond:${rows}:` + conditions.map((c) => c.name).join(','),
    (p) =>
      newestFirst(store, conditions, p).select('r.id').limit(1).offset(rows),
    conditions.flatMap((c) => c.values),
  );
  return found.length > 0;
}

/** One filter condition: its name (for the shape), its values, and its
 * SQL with placeholders numbered from where the previous one stopped. */
interface FilterCondition {
  readonly name: string;
  readonly values: readonly unknown[];
  readonly sql: (p: Placeholder) => RawBuilder<SqlBool>;
}

/** The conditions of the shared filters; their placeholders start at
 * `first` (after the scope's own values). */
function filterConditions(
  filter: RecordFilter,
  first: number,
): FilterCondition[] {
  const out: FilterCondition[] = [];
  let next = first;
  const add = (
    name: string,
    values: readonly unknown[],
    build: (at: (i: number) => string) => RawBuilder<SqlBool>,
  ) => {
    const base = next;
    next += values.length;
    out.push({ name, values, sql: (p) => build((i) => p(base + i)) });
  };
  if (filter.from !== undefined) {
    add('from', [filter.from], (v) => sql`r.logged_at >= ${v(0)}`);
  }
  if (filter.to !== undefined) {
    add('to', [filter.to], (v) => sql`r.logged_at < ${v(0)}`);
  }
  if (filter.srv !== undefined) {
    add('srv', [filter.srv], (v) => sql`r.srv = ${v(0)}`);
  }
  if (filter.kind !== undefined) {
    add('kind', [filter.kind], (v) => sql`r.kind = ${v(0)}`);
  }
  if (filter.senderRole !== undefined) {
    add('role', [filter.senderRole], (v) => sql`u.role = ${v(0)}`);
  }
  if (filter.outcome !== undefined) {
    const outcome = OUTCOMES[filter.outcome];
    add(`outcome-${filter.outcome}`, [], () => outcome);
  }
  if (filter.cursor !== undefined) {
    // After (loggedAt, id) in newest-first order. Written as a bound on
    // logged_at and then the tie, not as `a < x or (a = x and ...)`: the
    // bound lets the store seek each device's index to the cursor rather
    // than walk it from the newest record (a portfolio feed's next page
    // took 1.0 s against 0.25-0.46 s this way, at 1,000 devices of 100).
    const { loggedAt, id } = decodeCursor(filter.cursor);
    add(
      'cursor',
      [loggedAt, loggedAt, id],
      (v) =>
        sql`r.logged_at <= ${v(0)} and (r.logged_at < ${v(1)} or r.id < ${v(2)})`,
    );
  }
  return out;
}

/** The outcome filters, as documented on RecordFilter. */
const OUTCOMES: Readonly<
  Record<NonNullable<RecordFilter['outcome']>, RawBuilder<SqlBool>>
> = {
  success: sql`(r.response_code in ('I0', 'I99') or r.alert_code = '8F66')`,
  failure: sql`(substr(r.response_code, 1, 1) in ('E', 'W')
    or r.alert_code = '8F67')`,
  pending: sql`(r.kind = 'request' and not exists (
    select 1 from sat_record x
    where x.request_id = r.request_id and x.kind <> 'request'))`,
};
