import assert from 'node:assert/strict';
import {
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { after, it } from 'node:test';

import { sql } from 'kysely';

import type { Store } from '../store/database.ts';
import { listQuarantine } from '../store/quarantine-store.ts';
import { describeEachStore, releaseStores } from '../testing/test-stores.ts';
import { type IngestOptions, ingestPaths } from './ingest-pipeline.ts';
import {
  ndjsonLine,
  removeTempFolders,
  requestXml,
  responseXml,
  tempFolder,
  testRequestId,
  writeFiles,
} from './ingest-test-input.ts';

after(releaseStores);
after(removeTempFolders);

const OPTIONS: IngestOptions = { batchSize: 1000, maxBytes: 1 << 20 };

async function records(store: Store) {
  return store.db
    .selectFrom('sat_record')
    .select(['source', 'kind', 'request_id', 'logged_at', 'logged_at_source'])
    .orderBy('source')
    .execute();
}

/** A folder with nested folders, a gzip of XML, a gzip of NDJSON and an
 * NDJSON file whose second line is not JSON. */
function mixedFolder(): string {
  const root = tempFolder();
  writeFiles(root, {
    'a.xml': requestXml(1),
    'deep/er/b.xml': responseXml(1),
    'deep/c.xml.gz': requestXml(2),
    'd.ndjson.gz': `${ndjsonLine(requestXml(3))}\n${ndjsonLine(responseXml(3))}\n`,
    'e.ndjson': [
      ndjsonLine(requestXml(4), '2024-04-01T10:00:00Z'),
      '{not json',
      '',
      ndjsonLine(responseXml(4)),
    ].join('\n'),
    'README.md': 'not SAT input',
  });
  return root;
}

describeEachStore('ingesting SAT input', (fresh) => {
  it('reads nested folders, gzip files and NDJSON, quarantining a bad line', async () => {
    const store = await fresh();
    const root = mixedFolder();
    const summary = await ingestPaths(store, [root], OPTIONS);
    assert.equal(summary.files, 5);
    assert.deepEqual(summary.skipped, [join(root, 'README.md')]);
    assert.equal(summary.messages, 8);
    assert.equal(summary.accepted, 7);
    assert.equal(summary.quarantined, 1);
    assert.equal(summary.duplicates, 0);
    const sources = (await records(store))
      .map((r) => relative(root, r.source))
      .sort();
    assert.deepEqual(sources, [
      'a.xml',
      'd.ndjson.gz:1',
      'd.ndjson.gz:2',
      'deep/c.xml.gz',
      'deep/er/b.xml',
      'e.ndjson:1',
      'e.ndjson:4',
    ]);
    const [entry] = await listQuarantine(store, { limit: 5 });
    assert.equal(entry?.source, `${join(root, 'e.ndjson')}:2`);
    assert.equal(entry?.code, 'SV_INPUT_UNREADABLE');
    assert.match(entry?.reason ?? '', /not JSON/);
    assert.equal(entry?.content, '{not json');
  });

  it('adds nothing the second time the same input is loaded', async () => {
    const store = await fresh();
    const root = mixedFolder();
    await ingestPaths(store, [root], OPTIONS);
    const again = await ingestPaths(store, [root], OPTIONS);
    assert.equal(again.accepted, 0);
    assert.equal(again.quarantined, 0);
    assert.equal(again.duplicates, again.messages);
    assert.equal(again.refused, 1);
    assert.equal((await records(store)).length, 7);
  });

  it('stores a response that arrives before its request', async () => {
    const store = await fresh();
    const root = tempFolder();
    writeFiles(root, { '1-response.xml': responseXml(7) });
    const mtime = new Date('2024-04-02T08:00:00Z');
    writeFiles(root, { '2-request.xml': requestXml(7) });
    utimesSync(join(root, '2-request.xml'), mtime, mtime);
    const summary = await ingestPaths(store, [root], OPTIONS);
    assert.equal(summary.accepted, 2);
    const [response, request] = await records(store);
    assert.equal(response?.kind, 'response');
    assert.equal(request?.kind, 'request');
    assert.equal(response?.request_id, testRequestId(7));
    assert.equal(request?.request_id, testRequestId(7));
    assert.equal(response?.logged_at_source, 'response-time');
    assert.equal(response?.logged_at, Date.parse('2024-04-01T19:33:24.017Z'));
    assert.equal(request?.logged_at_source, 'file-mtime');
    assert.equal(request?.logged_at, mtime.getTime());
  });

  it('dates an NDJSON message by its envelope before anything else', async () => {
    const store = await fresh();
    const root = tempFolder();
    writeFiles(root, {
      'sat.ndjson': ndjsonLine(responseXml(8), '2024-04-03T00:00:00.5Z'),
    });
    await ingestPaths(store, [root], OPTIONS);
    const [record] = await records(store);
    assert.equal(record?.logged_at_source, 'envelope');
    assert.equal(record?.logged_at, Date.parse('2024-04-03T00:00:00.500Z'));
  });

  it('quarantines an unreadable message with its file, line and reason', async () => {
    const store = await fresh();
    const root = tempFolder();
    const unsafe =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>';
    writeFiles(root, {
      'sat.ndjson': [
        ndjsonLine(requestXml(9)),
        ndjsonLine('<sr:Request>truncated'),
        ndjsonLine(unsafe),
        JSON.stringify({ loggedAt: 'yesterday', xml: requestXml(10) }),
      ].join('\n'),
      'broken.xml': '<nothing/>',
    });
    const summary = await ingestPaths(store, [root], OPTIONS);
    assert.equal(summary.accepted, 1);
    assert.equal(summary.quarantined, 4);
    const bySource = new Map(
      (await listQuarantine(store, { limit: 10 })).map((e) => [
        relative(root, e.source),
        e,
      ]),
    );
    assert.equal(bySource.get('sat.ndjson:2')?.code, 'SV_DUIS_REFUSED');
    assert.equal(bySource.get('sat.ndjson:3')?.code, 'SV_DUIS_UNSAFE');
    assert.match(bySource.get('sat.ndjson:4')?.reason ?? '', /yesterday/);
    assert.equal(bySource.get('broken.xml')?.code, 'SV_DUIS_REFUSED');
    assert.equal(bySource.get('broken.xml')?.content, '<nothing/>');
  });

  it('quarantines over-long NDJSON lines and reads the lines after them', async () => {
    const store = await fresh();
    const root = tempFolder();
    // The first is read and refused by the DUIS reader; the second is too
    // long to buffer at all, so the reader skips it to the next newline.
    const long = ndjsonLine(`<x>${'a'.repeat(5_000)}</x>`);
    const huge = ndjsonLine(`<x>${'b'.repeat(600_000)}</x>`);
    writeFiles(root, {
      'sat.ndjson': [long, huge, ndjsonLine(requestXml(11))].join('\n'),
    });
    const summary = await ingestPaths(store, [root], {
      ...OPTIONS,
      maxBytes: 1024,
    });
    assert.equal(summary.accepted, 1);
    assert.equal(summary.quarantined, 2);
    const path = join(root, 'sat.ndjson');
    const entries = await listQuarantine(store, { limit: 5 });
    assert.deepEqual(entries.map((e) => [e.source, e.code]).sort(), [
      [`${path}:1`, 'SV_DUIS_TOO_LARGE'],
      [`${path}:2`, 'SV_DUIS_TOO_LARGE'],
    ]);
    const [record] = await records(store);
    assert.equal(record?.source, `${path}:3`);
  });

  it('loses nothing when a run stops at a failing batch: a re-run completes it', async () => {
    const store = await fresh();
    const root = tempFolder();
    const lines = Array.from({ length: 200 }, (_, i) =>
      ndjsonLine(requestXml(1000 + i)),
    );
    writeFiles(root, { 'sat.ndjson': lines.join('\n') });
    await failInsertsFrom(store, `${join(root, 'sat.ndjson')}:150`);
    const options = { ...OPTIONS, batchSize: 40 };
    await assert.rejects(ingestPaths(store, [root], options), /disk full/);
    const kept = (await records(store)).length;
    assert.equal(kept, 120, 'the three batches before the failing one');
    await stopFailing(store);
    const rerun = await ingestPaths(store, [root], options);
    assert.equal(rerun.accepted, 80);
    assert.equal(rerun.duplicates, 120);
    assert.equal((await records(store)).length, 200);
  });

  it('stops reading when asked, keeps what it read, and a re-run loads the rest', async () => {
    const store = await fresh();
    const root = tempFolder();
    const files = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [
        `${String(i).padStart(2, '0')}.ndjson`,
        ndjsonLine(requestXml(2000 + i)),
      ]),
    );
    writeFiles(root, files);
    const stop = new AbortController();
    const first = await ingestPaths(store, [root], {
      ...OPTIONS,
      signal: stop.signal,
      onProgress: () => stop.abort(),
    });
    assert.equal(first.interrupted, true);
    assert.ok(first.accepted > 0 && first.accepted < 30, `${first.accepted}`);
    const rest = await ingestPaths(store, [root], OPTIONS);
    assert.equal(rest.interrupted, false);
    assert.equal(rest.accepted, 30 - first.accepted);
    assert.equal((await records(store)).length, 30);
  });

  it('gives the same result with parse workers as inline', async () => {
    const inline = await fresh();
    const pooled = await fresh();
    const root = mixedFolder();
    const a = await ingestPaths(inline, [root], { ...OPTIONS, workers: 0 });
    const b = await ingestPaths(pooled, [root], { ...OPTIONS, workers: 2 });
    assert.equal(a.workers, 0);
    assert.equal(b.workers, 2);
    assert.deepEqual(
      [b.accepted, b.duplicates, b.quarantined],
      [a.accepted, a.duplicates, a.quarantined],
    );
    assert.deepEqual(await records(pooled), await records(inline));
  });

  it('follows a folder link that loops back only once', async () => {
    const store = await fresh();
    const root = tempFolder();
    writeFiles(root, { 'sub/a.xml': requestXml(3000) });
    symlinkSync(root, join(root, 'sub', 'loop'));
    const summary = await ingestPaths(store, [root], OPTIONS);
    assert.equal(summary.files, 1);
    assert.equal(summary.accepted, 1);
  });

  it('refuses a path that does not exist before writing anything', async () => {
    const store = await fresh();
    const root = mixedFolder();
    await assert.rejects(
      ingestPaths(store, [root, join(root, 'missing.xml')], OPTIONS),
      (error: Error & { code?: string }) =>
        error.code === 'SV_INPUT_UNREADABLE' &&
        error.message.includes('missing.xml'),
    );
    assert.equal((await records(store)).length, 0);
  });
});

// Third-party GPL data, read in place and never copied into the project;
// when it is absent the test is skipped and the runner prints why.
const CORPUS = new URL('../../../shared/fixtures/duis', import.meta.url)
  .pathname;
const CORPUS_SKIP =
  safeStat(CORPUS)?.isDirectory() === true
    ? false
    : `the DUIS fixture corpus is not at ${CORPUS}`;

describeEachStore('ingesting the DUIS fixture corpus', (fresh) => {
  it(
    'accepts or quarantines each distinct file once, and nothing the second time',
    { skip: CORPUS_SKIP },
    async () => {
      const store = await fresh();
      const files = xmlFiles(CORPUS);
      const distinct = new Set(files.map((f) => readFileSync(f, 'base64')));
      const first = await ingestPaths(store, [CORPUS], OPTIONS);
      assert.equal(first.files, files.length);
      assert.equal(first.accepted + first.quarantined, distinct.size);
      assert.ok(first.accepted > first.quarantined);
      const second = await ingestPaths(store, [CORPUS], OPTIONS);
      assert.equal(second.accepted, 0);
      assert.equal(second.quarantined, 0);
      assert.equal(second.duplicates, files.length);
    },
  );
});

function xmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.xml$/i.test(name))
    .map((name) => join(dir, name));
}

function safeStat(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** A real failure inside the store: a trigger that aborts the insert of
 * one record, as a full disk or a lost connection would. */
async function failInsertsFrom(store: Store, source: string): Promise<void> {
  const literal = source.replace(/'/g, "''");
  if (store.dialect === 'sqlite') {
    await sql
      .raw(
        'create trigger fail_insert before insert on sat_record ' +
          `when new.source = '${literal}' ` +
          "begin select raise(abort, 'disk full (test)'); end",
      )
      .execute(store.db);
    return;
  }
  await sql
    .raw(
      'create function fail_insert() returns trigger language plpgsql as ' +
        "$$ begin raise exception 'disk full (test)'; end $$",
    )
    .execute(store.db);
  await sql
    .raw(
      'create trigger fail_insert before insert on sat_record for each row ' +
        `when (new.source = '${literal}') execute function fail_insert()`,
    )
    .execute(store.db);
}

async function stopFailing(store: Store): Promise<void> {
  const on = store.dialect === 'sqlite' ? '' : ' on sat_record';
  await sql.raw(`drop trigger fail_insert${on}`).execute(store.db);
}
