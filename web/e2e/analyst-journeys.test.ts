/**
 * Analysts' journeys through the web UI in a real browser, against a real
 * server over a demo world: the gaining supplier of a Change of Supplier
 * finds what the losing supplier sent (prices withheld) and what it left
 * pending; an Other User sees only its own traffic; a wrong password is
 * refused. Each screen is saved as a screenshot
 * (`npm run screenshots` refreshes the README's in docs/screenshots).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import type { Browser, Download, Page } from 'playwright-core';

import { releaseStores } from '../../src/testing/test-stores.ts';
import {
  browserSkipReason,
  ensureWebBuild,
  launchBrowser,
  newAnalystContext,
  saveScreenshot,
  signIn,
  watchPageErrors,
} from './browser-harness.ts';
import {
  type DemoUiServer,
  demoLogin,
  startDemoUiServer,
  tourCase,
} from './demo-ui-server.ts';

// The runner prints this reason beside every skipped test.
const skip = browserSkipReason();

let server: DemoUiServer;
let browser: Browser;

before(async () => {
  if (skip !== null) return;
  ensureWebBuild();
  server = await startDemoUiServer({ premises: 24, days: 400, markers: false });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await releaseStores();
});

const pageErrors: string[][] = [];

/** A page in a fresh browser context: one per analyst. Its script errors
 * and CSP violations are checked after each test. */
async function newPage(): Promise<Page> {
  const context = await newAnalystContext(browser, server.today);
  const page = await context.newPage();
  pageErrors.push(watchPageErrors(page));
  return page;
}

afterEach(() => {
  const errors = pageErrors.splice(0).flat();
  assert.deepEqual(errors, [], 'no script error or CSP violation');
});

async function signInAs(page: Page, username: string): Promise<void> {
  const login = demoLogin(server, username);
  await signIn(page, server.url, login.username, login.password);
  await page.getByRole('heading', { name: 'Search', level: 1 }).waitFor();
}

/** The record rows of a device list that match all the given texts. */
function rowsWith(page: Page, ...texts: string[]) {
  let rows = page.locator('tr.record');
  for (const text of texts) rows = rows.filter({ hasText: text });
  return rows;
}

describe('the web UI', { skip: skip ?? false }, () => {
  it('a gaining supplier finds the losing supplier’s tariff update with its prices withheld, its thread, and its pending command', async () => {
    const switched = tourCase(server, 'change-of-supplier');
    const losing = switched.losingParty ?? '';
    const page = await newPage();

    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Demo logins' }).waitFor();
    await saveScreenshot(page, 'login');
    await signInAs(page, 'gaining');

    // An MPxN lists the devices that serve it; any spelling of a Device
    // ID opens the device at once.
    await searchFor(page, switched.mpxn);
    await page.getByRole('heading', { name: /match/ }).waitFor();
    await saveScreenshot(page, 'search');
    await searchFor(page, switched.deviceId.replaceAll('-', '').toLowerCase());
    await page
      .getByRole('heading', { level: 1, name: switched.deviceId })
      .waitFor();

    await page.getByLabel('SRV', { exact: true }).fill('1.1.1');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/srv=1\.1\.1/);
    // The CV 4 leg of a tariff update carries the body with the prices.
    const tariff = rowsWith(page, losing, '1.1.1', 'CV4', 'withheld').first();
    await tariff.waitFor();
    await tariff.getByRole('button', { name: /Show details/ }).click();
    const detail = page.locator('.record-detail').first();
    await detail.getByText('Why you can see this:').waitFor();
    const priceMarker = detail
      .getByRole('region', { name: 'This record' })
      .locator('.payload-entry', { hasText: 'PriceElements' })
      .last()
      .locator('.withheld')
      .first();
    assert.match(await priceMarker.innerText(), /withheld/);
    const thread = detail.locator('.thread');
    await thread.waitFor();
    assert.match(
      await thread.innerText(),
      /Service Request[\s\S]*Service Response/,
    );
    await saveScreenshot(page, 'device-records');

    // The export link downloads the same filtered list, with the cookie.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV' }).first().click(),
    ]);
    const csv = await readDownload(download);
    assert.match(csv, new RegExp(switched.deviceId));
    assert.doesNotMatch(csv, /\b4\.6\.1\b/, 'only the filtered SRV');

    await page.getByRole('link', { name: /Pending commands/ }).click();
    const pending = rowsWith(page, losing, 'pending execution');
    await pending.first().waitFor();
    assert.ok((await pending.count()) >= 1, 'a pending command of the loser');
    await pending.first().getByRole('button').click();
    await page.locator('.thread').first().waitFor();
    await saveScreenshot(page, 'pending');

    await page.getByRole('link', { name: 'Installation' }).click();
    await page.getByRole('heading', { name: 'Devices on this HAN' }).waitFor();
    await saveScreenshot(page, 'installation');

    await page.getByRole('link', { name: 'Why can I see this?' }).click();
    await page
      .getByRole('heading', { name: 'Responsibility history' })
      .waitFor();
    assert.match(await page.locator('main').innerText(), new RegExp(losing));
    await saveScreenshot(page, 'why');

    await page.getByRole('link', { name: 'Feed', exact: true }).click();
    await page.locator('tr.record').first().waitFor();
    await page
      .getByRole('img', { name: /SRV volume on your devices/ })
      .waitFor();
    await saveScreenshot(page, 'feed', false);

    // "Load all" pages to the end, saying how far it got.
    const shown = await page.locator('tr.record').count();
    await page.getByRole('button', { name: 'Load all' }).click();
    await page.getByText(/records shown\.$/).waitFor();
    assert.ok((await page.locator('tr.record').count()) > shown);
  });

  it('the losing supplier keeps only its own traffic and sees who looked at it', async () => {
    const switched = tourCase(server, 'change-of-supplier');
    const gaining = await newPage();
    await signInAs(gaining, 'gaining');
    await gaining.goto(`${server.url}/devices/${switched.deviceId}`);
    await gaining.locator('tr.record').first().waitFor();

    const page = await newPage();
    await signInAs(page, 'losing');
    const party = demoLogin(server, 'losing').party;

    await page.goto(`${server.url}/devices/${switched.deviceId}`);
    await page.locator('tr.record').first().waitFor();
    await assertOnlyOwnRows(page, party);

    await page.getByRole('link', { name: 'Access log' }).click();
    const viewer = page.locator('tbody tr', { hasText: switched.viewAs });
    await viewer.first().waitFor();
    await saveScreenshot(page, 'access-log');
  });

  it('an Other User sees only its own traffic, and nothing of a device it has no relation to', async () => {
    const own = tourCase(server, 'other-user');
    const stranger = tourCase(server, 'change-of-supplier');
    const page = await newPage();
    await signInAs(page, 'other');
    const party = demoLogin(server, 'other').party;

    await page.goto(`${server.url}/devices/${own.deviceId}`);
    await page.locator('tr.record').first().waitFor();
    await assertOnlyOwnRows(page, party);

    await page.goto(`${server.url}/devices/${stranger.deviceId}`);
    await page
      .getByRole('alert')
      .getByText(/Nothing visible here/)
      .waitFor();

    await page.getByRole('link', { name: 'Feed', exact: true }).click();
    await page.getByText('No other party sent anything').waitFor();

    // Signing out (a write, so it carries the CSRF token) ends the session
    // on the server: a reload stays signed out.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('a wrong password is refused', async () => {
    const page = await newPage();
    await signIn(page, server.url, 'gaining', 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.getByText('Wrong username or password.').waitFor();
    assert.equal(
      await page.getByRole('button', { name: 'Sign in' }).count(),
      1,
      'still on the login screen',
    );
  });
});

async function readDownload(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function searchFor(page: Page, q: string): Promise<void> {
  await page.getByRole('link', { name: 'Search', exact: true }).click();
  const box = page.getByLabel('Device ID, MPxN or Request ID');
  await box.fill(q);
  await box.press('Enter');
}

/** Every listed record is the party's own, sent or addressed to it. */
async function assertOnlyOwnRows(page: Page, party: string): Promise<void> {
  const rows = page.locator('tr.record');
  const count = await rows.count();
  assert.ok(count > 0, 'some records are listed');
  for (let index = 0; index < count; index += 1) {
    const text = await rows.nth(index).innerText();
    assert.match(text, /own traffic/, `row ${index}: ${text}`);
    assert.match(text, new RegExp(`${party} \\(you\\)|${party}`));
  }
}
