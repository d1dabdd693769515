/**
 * Writes SAT records with their compressed XML. A record whose content
 * digest is already stored is a duplicate and changes nothing, so loading
 * the same input twice is harmless. Each call is one transaction: records
 * and their XML land together or not at all.
 */
import type { NewSatRecord } from '../domain/sat-record.ts';
import type { Store } from './database.ts';
import { compressText } from './payload-codec.ts';
import { toRow } from './sat-record-mapper.ts';

export interface WriteSummary {
  readonly accepted: number;
  readonly duplicates: number;
}

/** Writes a batch of records in one transaction. */
export async function writeRecords(
  store: Store,
  records: readonly NewSatRecord[],
): Promise<WriteSummary> {
  if (records.length === 0) return { accepted: 0, duplicates: 0 };
  return store.db.transaction().execute(async (tx) => {
    let accepted = 0;
    for (const record of records) {
      const inserted = await tx
        .insertInto('sat_record')
        .values(toRow(record))
        .onConflict((oc) => oc.column('digest').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted === undefined) continue;
      await tx
        .insertInto('sat_payload')
        .values({ record_id: inserted.id, xml: compressText(record.xml) })
        .execute();
      accepted += 1;
    }
    return { accepted, duplicates: records.length - accepted };
  });
}
