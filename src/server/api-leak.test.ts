/**
 * The leak test: a demo world whose every confidential value carries a
 * marker naming its sender party is crawled through every API route
 * (JSON and exports) as every party of the world. No answer may hold a
 * marker of another party. The crawl must also find each party's own
 * markers, or it would prove nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { findMarkers, foreignMarkers } from '../demo/demo-markers.ts';
import { formatEui64 } from '../domain/eui64.ts';
import { decompressText } from '../store/payload-codec.ts';
import { releaseStores } from '../testing/test-stores.ts';
import { addTestToken, bearer } from './test-server.ts';
import { type TestWorld, testWorld } from './test-world.ts';

after(releaseStores);

const STATS_WINDOW = 'from=2020-01-01&to=2030-01-01&bucket=month';

/** Everything one party was answered, and what it found in it. */
interface CrawlResult {
  answers: number;
  readonly foreign: Set<string>;
  readonly own: Set<string>;
}

let w: TestWorld;
let devices: string[];
let requestIds: string[];

before(async () => {
  w = await testWorld({ premises: 6, markers: true });
  devices = (
    await w.store.db.selectFrom('device').select('device_id').execute()
  ).map((row) => formatEui64(row.device_id));
  requestIds = (
    await w.store.db
      .selectFrom('sat_record')
      .select('request_id')
      .distinct()
      .where('request_id', 'is not', null)
      .execute()
  ).flatMap((row) => (row.request_id === null ? [] : [row.request_id]));
});

/** Crawls every route as one party (through an API token). */
async function crawl(partyId: string): Promise<CrawlResult> {
  const headers = bearer(await addTestToken(w.store, partyId));
  const result: CrawlResult = {
    answers: 0,
    foreign: new Set(),
    own: new Set(),
  };
  const fetch = async (url: string) => {
    const response = await w.app.inject({ url, headers });
    assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
    result.answers += 1;
    for (const found of foreignMarkers(response.body, partyId)) {
      result.foreign.add(`${found.marker} in ${url}`);
    }
    for (const found of findMarkers(response.body)) {
      if (found.partyId === partyId) result.own.add(found.marker);
    }
    return response;
  };
  await crawlPortfolio(fetch);
  for (const device of devices) await crawlDevice(fetch, device);
  for (const id of requestIds) {
    const path = `/api/requests/${encodeURIComponent(id)}`;
    for (const suffix of ['', '.csv', '.ndjson']) await fetch(path + suffix);
  }
  return result;
}

type Fetch = (url: string) => Promise<{ json(): unknown; statusCode: number }>;

async function crawlPortfolio(fetch: Fetch): Promise<void> {
  await fetch('/api/me');
  await fetch('/api/access-log?limit=500');
  await fetch(`/api/stats?${STATS_WINDOW}`);
  await fetch('/api/feed.csv');
  await fetch('/api/feed.ndjson');
  await allPages(fetch, '/api/feed?limit=500');
}

async function crawlDevice(fetch: Fetch, device: string): Promise<void> {
  const base = `/api/devices/${device}`;
  await fetch(`/api/search?q=${device}`);
  await fetch(base);
  await fetch(`${base}/pending`);
  await fetch(`${base}/records.csv`);
  await fetch(`${base}/records.ndjson`);
  await fetch(`/api/stats?deviceId=${device}&${STATS_WINDOW}`);
  await allPages(fetch, `${base}/records?limit=500`);
}

async function allPages(fetch: Fetch, url: string): Promise<void> {
  let cursor: string | null = null;
  do {
    const page = await fetch(cursor === null ? url : `${url}&cursor=${cursor}`);
    if (page.statusCode !== 200) return;
    cursor = (page.json() as { nextCursor: string | null }).nextCursor;
  } while (cursor !== null);
}

/** The parties whose markers the stored messages hold. */
async function partiesWithMarkers(): Promise<Set<string>> {
  const rows = await w.store.db
    .selectFrom('sat_payload')
    .select('xml')
    .execute();
  const parties = new Set<string>();
  for (const row of rows) {
    for (const found of findMarkers(decompressText(row.xml))) {
      parties.add(found.partyId);
    }
  }
  return parties;
}

describe('the API leaks no confidential value', () => {
  it('no party is shown another party’s marker, and every party finds its own', async () => {
    const parties = (
      await w.store.db.selectFrom('party').select('party_id').execute()
    ).map((row) => row.party_id);
    const marked = await partiesWithMarkers();
    assert.ok(marked.size >= 4, 'the world carries markers of many parties');
    for (const partyId of parties) {
      const result = await crawl(partyId);
      assert.deepEqual(
        [...result.foreign],
        [],
        `${partyId} saw foreign markers`,
      );
      if (marked.has(partyId)) {
        assert.ok(result.own.size > 0, `${partyId} found none of its markers`);
      }
    }
  });
});
