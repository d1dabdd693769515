/**
 * The two ways to load a demo world agree: `satview demo` straight into a
 * store, and `satview demo --out DIR` followed by `satview ingest DIR`
 * give the same records (same digests, times and file:line sources) and
 * the same reference data.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';

import { ingestPaths } from '../ingest/ingest-pipeline.ts';
import type { Store } from '../store/database.ts';
import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import { writeWorldFiles } from './demo-files.ts';
import { loadWorld } from './demo-loader.ts';
import { createWorld } from './demo-world.ts';

const world = createWorld({ premises: 12, seed: 'ingest', days: 200 });
const OPTIONS = { batchSize: 700, maxBytes: 1024 * 1024 };

let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'satview-demo-files-'));
  await writeWorldFiles(world, join(dir, 'world'));
});
after(async () => {
  await releaseStores();
  rmSync(dir, { recursive: true, force: true });
});

async function recordKeys(store: Store): Promise<string[]> {
  const rows = await store.db
    .selectFrom('sat_record')
    .select(['digest', 'logged_at', 'source', 'device_id', 'kind'])
    .execute();
  return rows
    .map((r) =>
      [
        r.digest,
        Number(r.logged_at),
        r.source.slice(r.source.lastIndexOf('/') + 1),
        r.device_id,
        r.kind,
      ].join(' '),
    )
    .sort();
}

async function referenceCounts(store: Store): Promise<number[]> {
  const tables = [
    'party',
    'dcc_user',
    'device',
    'meter_point',
    'han_link',
    'registration',
    'credential',
  ] as const;
  const counts: number[] = [];
  for (const table of tables) {
    const row = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts.push(Number(row.n));
  }
  return counts;
}

describeEachStore('a demo world loaded directly or from its files', (fresh) => {
  let direct: Store;
  let ingested: Store;
  let directAccepted = 0;
  let ingestedAccepted = 0;

  before(async () => {
    direct = await fresh();
    ingested = await fresh();
    directAccepted = (await loadWorld(direct, world, OPTIONS)).accepted;
    const summary = await ingestPaths(ingested, [join(dir, 'world')], OPTIONS);
    assert.equal(summary.quarantined, 0);
    assert.equal(summary.references.quarantined, 0);
    ingestedAccepted = summary.accepted;
  });

  it('has the same number of records both ways', () => {
    assert.ok(directAccepted > 300);
    assert.equal(ingestedAccepted, directAccepted);
  });

  it('has the same records, from the same file lines, both ways', async () => {
    assert.deepEqual(await recordKeys(ingested), await recordKeys(direct));
  });

  it('has the same reference data both ways', async () => {
    const counts = await referenceCounts(direct);
    assert.ok(counts.every((n) => n > 0));
    assert.deepEqual(await referenceCounts(ingested), counts);
  });
});
