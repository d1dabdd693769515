/**
 * Stores written before payloads were kept as Snappy hold them as Brotli
 * (and the earliest as raw deflate). A migration re-encodes every stored
 * payload once, so that the one codec of payload-codec.ts reads them all;
 * what neither older codec can read stops the migration with the record
 * it failed on, and the store is left as it was (the work runs under one
 * savepoint).
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { brotliDecompressSync, inflateRawSync } from 'node:zlib';

import { compressText } from './payload-codec.ts';
import { underSavepoint } from './savepoint.ts';

const ROWS_PER_PASS = 1000;

/** Re-encodes every stored payload from its older codec to Snappy. */
export async function recodeOlderPayloads(db: Kysely<unknown>): Promise<void> {
  await underSavepoint(db, 'recode_payloads', () => recodeAll(db));
}

async function recodeAll(db: Kysely<unknown>): Promise<void> {
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ record_id: number; xml: Uint8Array }>`
      select record_id, xml from sat_payload where record_id > ${after}
      order by record_id limit ${ROWS_PER_PASS}`.execute(db);
    for (const row of rows) {
      const recoded = compressText(decodeOlder(row.xml, row.record_id));
      await sql`update sat_payload set xml = ${recoded}
        where record_id = ${row.record_id}`.execute(db);
      after = Number(row.record_id);
    }
    if (rows.length < ROWS_PER_PASS) return;
  }
}

/** The text of a payload in either codec satview used before Snappy. */
function decodeOlder(stored: Uint8Array, recordId: number): Buffer {
  try {
    return brotliDecompressSync(stored);
  } catch {
    try {
      return inflateRawSync(stored);
    } catch {
      throw new Error(
        `The payload of record ${recordId} is neither Brotli nor deflate, ` +
          'so it cannot be re-encoded; restore the store from its source ' +
          'files with satview ingest',
      );
    }
  }
}
