/**
 * The UI's leak test. In a demo world built with markers, every
 * confidential value holds a marker naming the party whose traffic it is.
 * Every demo login walks the screens an analyst would (search, each tour
 * device with its records, threads and payloads opened, pending commands,
 * installation, why, feed, access log) and no page may show another
 * party's marker. Each login must also find markers of its own party, or
 * the walk would prove nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { findMarkers, foreignMarkers } from '../../src/demo/demo-markers.ts';
import { releaseStores } from '../../src/testing/test-stores.ts';
import {
  browserSkipReason,
  ensureWebBuild,
  launchBrowser,
  newAnalystContext,
  signIn,
} from './browser-harness.ts';
import { type DemoUiServer, startDemoUiServer } from './demo-ui-server.ts';

// The runner prints this reason beside every skipped test.
const skip = browserSkipReason();

/** Rows opened per list: enough to reach own and others' payloads. */
const ROWS_OPENED = 6;

let server: DemoUiServer;
let browser: Browser;

before(async () => {
  if (skip !== null) return;
  ensureWebBuild();
  server = await startDemoUiServer({ premises: 8, days: 150, markers: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await releaseStores();
});

/** What one login's walk found. */
interface Walk {
  readonly screens: string[];
  readonly foreign: string[];
  readonly own: Set<string>;
}

describe(
  'the web UI leaks no confidential value',
  { skip: skip ?? false },
  () => {
    it('no demo login is shown another party’s marker, and each sees its own', async () => {
      for (const login of server.logins) {
        const walk = await walkAs(login.username, login.password, login.party);
        assert.deepEqual(
          walk.foreign,
          [],
          `${login.username} saw others' markers`,
        );
        assert.ok(
          walk.own.size > 0,
          `${login.username} (${login.party}) found none of its own markers on ${walk.screens.join(', ')}`,
        );
      }
    });
  },
);

async function walkAs(
  username: string,
  password: string,
  party: string,
): Promise<Walk> {
  const context = await newAnalystContext(browser, server.today);
  const page = await context.newPage();
  const walk: Walk = { screens: [], foreign: [], own: new Set() };
  const check = async (screen: string) => {
    await settled(page);
    const html = await page.content();
    walk.screens.push(screen);
    for (const found of foreignMarkers(html, party)) {
      walk.foreign.push(`${found.marker} on ${screen}`);
    }
    for (const found of findMarkers(html)) {
      if (found.partyId === party) walk.own.add(found.marker);
    }
  };

  await signIn(page, server.url, username, password);
  await check('search');
  for (const tourCase of server.cases) {
    await walkDevice(page, tourCase.deviceId, check);
  }
  await page.goto(`${server.url}/feed`);
  await openRows(page);
  await check('feed');
  await page.goto(`${server.url}/access-log`);
  await check('access log');
  await context.close();
  return walk;
}

async function walkDevice(
  page: Page,
  deviceId: string,
  check: (screen: string) => Promise<void>,
): Promise<void> {
  const base = `${server.url}/devices/${deviceId}`;
  await page.goto(`${server.url}/search?q=${deviceId}`);
  await check(`search ${deviceId}`);
  await page.goto(base);
  await openRows(page);
  await check(`records of ${deviceId}`);
  for (const tab of ['pending', 'installation', 'why']) {
    await page.goto(`${base}/${tab}`);
    await openRows(page);
    await check(`${tab} of ${deviceId}`);
  }
}

/** Opens the first rows of a list (their payloads and threads). */
async function openRows(page: Page): Promise<void> {
  await settled(page);
  const expanders = page.locator('tr.record .expander');
  const count = Math.min(ROWS_OPENED, await expanders.count());
  for (let index = 0; index < count; index += 1) {
    await expanders.nth(index).click();
  }
}

/** Waits until nothing on the page is still loading. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('h1') !== null &&
      document.querySelectorAll('.loading').length === 0,
  );
}
