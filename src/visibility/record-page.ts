/**
 * One page of records newest first, for a scope the caller has already
 * decided by the visibility rule, with the shared filters and cursor
 * pagination applied in SQL. Only the record queries of this folder call
 * it, each with a scope that the rule produced: there is no unscoped read.
 */
import { type RawBuilder, sql, type SqlBool } from 'kysely';

import type { Store } from '../store/database.ts';
import { decodeCursor, encodeCursor, pageLimit } from './record-cursor.ts';
import type { RecordRow } from './record-presenter.ts';
import type { RecordFilter } from './record-view.ts';
import { type Placeholder, runShaped } from './shaped-query.ts';

/** The rows of one page and the cursor of the next, if any. */
export interface RowPage {
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
export interface PageScope {
  readonly shape: string;
  readonly values: readonly unknown[];
  readonly condition: (p: Placeholder) => RawBuilder<SqlBool>;
  /** Values the rule computes once per query, selected as `extra`. */
  readonly extra?: (p: Placeholder) => RawBuilder<string | null>;
}

/** Reads one page of the records that the scope lets through. */
export async function selectRecordPage(
  store: Store,
  scope: PageScope,
  filter: RecordFilter,
): Promise<RowPage> {
  const limit = pageLimit(filter.limit);
  const conditions = filterConditions(filter, scope.values.length);
  const shape =
    `page:${scope.shape}:${limit}:` + conditions.map((c) => c.name).join(',');
  const rows = await runShaped<RecordRow & { extra: string | null }>(
    store,
    shape,
    (p) => {
      let query = store.db
        .selectFrom('sat_record as r')
        .leftJoin('dcc_user as u', 'u.user_id', 'r.user_id')
        .selectAll('r')
        .select(['u.party_id as sender_party', 'u.role as sender_role'])
        .select((scope.extra?.(p) ?? sql<null>`null`).as('extra'))
        .where(scope.condition(p));
      for (const condition of conditions) query = query.where(condition.sql(p));
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
    const { loggedAt, id } = decodeCursor(filter.cursor);
    add(
      'cursor',
      [loggedAt, loggedAt, id],
      (v) =>
        sql`(r.logged_at < ${v(0)} or (r.logged_at = ${v(1)} and r.id < ${v(2)}))`,
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

/** Numbers as numbers on both backends. */
export function normaliseRow(row: RecordRow): RecordRow {
  return {
    ...row,
    id: Number(row.id),
    logged_at: Number(row.logged_at),
    response_at: row.response_at === null ? null : Number(row.response_at),
    execution_at: row.execution_at === null ? null : Number(row.execution_at),
  };
}
