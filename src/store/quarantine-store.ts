/**
 * The quarantine: input that satview could not read (a DUIS message, an
 * NDJSON line, a reference CSV row), kept with where it came from and why it
 * was refused, so that nothing is dropped silently (PRODUCT.md §6). An
 * entry's identity is the SHA-256 of its content, so quarantining the same
 * input again adds nothing.
 */
import { createHash } from 'node:crypto';

import type { Insertable } from 'kysely';

import type { Store } from './database.ts';
import { compressText, decompressText } from './payload-codec.ts';
import type { QuarantineTable } from './schema.ts';

/** Something to quarantine. */
export interface QuarantineInput {
  /** Where it was read from, e.g. `sat/2024-04.ndjson:17`. */
  readonly source: string;
  /** The error code that refused it, e.g. `SV_DUIS_REFUSED`. */
  readonly code: string;
  /** Why, in words the operator can act on. */
  readonly reason: string;
  /** The refused input itself. */
  readonly content: string;
}

/** A quarantined input as listed. */
export interface QuarantineEntry {
  readonly id: number;
  readonly digest: string;
  readonly source: string;
  readonly code: string;
  readonly reason: string;
  readonly content: string;
  /** When it was first quarantined, epoch milliseconds. */
  readonly quarantinedAt: number;
}

/** Which page of the quarantine to list, newest first. */
export interface QuarantinePageRequest {
  readonly limit: number;
  readonly offset?: number;
}

// Multi-row INSERTs stay well under PostgreSQL's 65,535 bind parameters.
const ROWS_PER_INSERT = 500;

/** The content digest that identifies a quarantine entry. */
export function quarantineDigest(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Quarantines the entries in one transaction; answers how many were new
 * (an entry whose content is already quarantined is left as it was).
 */
export async function quarantine(
  store: Store,
  entries: readonly QuarantineInput[],
): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = toRows(entries, Date.now());
  return store.db.transaction().execute(async (tx) => {
    let added = 0;
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const inserted = await tx
        .insertInto('quarantine')
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .onConflict((oc) => oc.column('digest').doNothing())
        .returning('id')
        .execute();
      added += inserted.length;
    }
    return added;
  });
}

/** Lists quarantined input, newest first. */
export async function listQuarantine(
  store: Store,
  page: QuarantinePageRequest,
): Promise<QuarantineEntry[]> {
  const rows = await store.db
    .selectFrom('quarantine')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    digest: row.digest,
    source: row.source,
    code: row.code,
    reason: row.reason,
    content: decompressText(row.content),
    quarantinedAt: Number(row.quarantined_at),
  }));
}

/** How many inputs are in the quarantine. */
export async function countQuarantine(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('quarantine')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

// One entry per digest: a multi-row INSERT must not name the same key twice,
// and the first source seen is the one worth keeping.
function toRows(entries: readonly QuarantineInput[], now: number) {
  const rows = new Map<string, Insertable<QuarantineTable>>();
  for (const entry of entries) {
    const digest = quarantineDigest(entry.content);
    if (rows.has(digest)) continue;
    rows.set(digest, {
      digest,
      source: entry.source,
      code: entry.code,
      reason: entry.reason,
      content: compressText(entry.content),
      quarantined_at: now,
    });
  }
  return [...rows.values()];
}
