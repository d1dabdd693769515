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

/** The rows of one page and the cursor of the next, if any. */
export interface RowPage {
  readonly rows: readonly RecordRow[];
  readonly nextCursor: string | null;
}

/** Reads one page of the records that `scope` (an SQL condition over
 * `r`, the record, and `u`, its sender's dcc_user row) lets through. */
export async function selectRecordPage(
  store: Store,
  scope: RawBuilder<SqlBool>,
  filter: RecordFilter,
): Promise<RowPage> {
  const limit = pageLimit(filter.limit);
  let query = store.db
    .selectFrom('sat_record as r')
    .leftJoin('dcc_user as u', 'u.user_id', 'r.user_id')
    .selectAll('r')
    .select(['u.party_id as sender_party', 'u.role as sender_role'])
    .where(scope);
  for (const condition of filterConditions(filter)) {
    query = query.where(condition);
  }
  const rows = await query
    .orderBy('r.logged_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).map(normaliseRow);
  const last = page[page.length - 1];
  const more = rows.length > limit && last !== undefined;
  return {
    rows: page,
    nextCursor: more
      ? encodeCursor({ loggedAt: last.logged_at, id: Number(last.id) })
      : null,
  };
}

/** The SQL conditions of the shared filters. */
export function filterConditions(filter: RecordFilter): RawBuilder<SqlBool>[] {
  const out: RawBuilder<SqlBool>[] = [];
  if (filter.from !== undefined) out.push(sql`r.logged_at >= ${filter.from}`);
  if (filter.to !== undefined) out.push(sql`r.logged_at < ${filter.to}`);
  if (filter.srv !== undefined) out.push(sql`r.srv = ${filter.srv}`);
  if (filter.kind !== undefined) out.push(sql`r.kind = ${filter.kind}`);
  if (filter.senderRole !== undefined) {
    out.push(sql`u.role = ${filter.senderRole}`);
  }
  if (filter.outcome !== undefined) out.push(OUTCOMES[filter.outcome]);
  if (filter.cursor !== undefined) {
    const { loggedAt, id } = decodeCursor(filter.cursor);
    out.push(
      sql`(r.logged_at < ${loggedAt} or (r.logged_at = ${loggedAt} and r.id < ${id}))`,
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
