/**
 * What the browser tests share: Debian's Chromium driven by playwright-core,
 * a fresh build of the web UI when the sources changed, a real satview
 * server listening on a free loopback port, and signing in as a person
 * would.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
} from 'playwright-core';

/** Where CI's script and the README install Chromium (apt chromium). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where `npm run build` puts the UI and the server serves it from. */
export const WEB_DIST = join(PROJECT_ROOT, 'web', 'dist');
/** Screenshots go to test-output/ (ignored by git), so that a test run
 * leaves the work tree clean; `npm run screenshots` points this at
 * docs/screenshots to refresh the README's pictures. */
const SCREENSHOTS =
  process.env['SATVIEW_SCREENSHOTS_DIR'] ??
  join(PROJECT_ROOT, 'test-output', 'screenshots');

/** Why the browser tests cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  return (
    `${CHROMIUM_PATH} is absent, so there is no browser to drive ` +
    '(install it with `apt-get install -y chromium`, as .ci/run does)'
  );
}

/** Launches headless Chromium with the flags a sandboxed CI needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Runs `npm run build` when web/dist is missing or older than a source of
 * the UI, so the tests never judge a stale build. Test files run in
 * parallel processes, so one builds while the others wait for its lock.
 */
export function ensureWebBuild(): void {
  withBuildLock(() => {
    if (!buildIsStale()) return;
    const result = spawnSync('npm', ['run', 'build'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(
        `npm run build failed:\n${result.stdout}${result.stderr}`,
      );
    }
  });
}

function buildIsStale(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map(
    (name) => join(PROJECT_ROOT, 'web', name),
  );
  return Math.max(...sources.map(newestChange)) >= statSync(index).mtimeMs;
}

const BUILD_LOCK = join(PROJECT_ROOT, 'web', '.build-lock');
// A build takes seconds; a lock older than this was left by a crash.
const STALE_LOCK_MS = 120_000;

/** Runs `build` holding a directory lock (mkdir is atomic). */
function withBuildLock(build: () => void): void {
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(BUILD_LOCK, { recursive: true });
      else sleepSync(200);
    }
  }
  try {
    build();
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The latest modification time of a file or of anything in a folder. */
function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  const children = readdirSync(path).map((name) =>
    newestChange(join(path, name)),
  );
  return Math.max(stat.mtimeMs, ...children);
}

/**
 * A fresh browser context (its own cookies) whose clock stands at the
 * server's "today", so relative times such as "in 3 d" agree with what the
 * server judges pending. Screens that have not shown up in 10 s fail.
 */
export async function newAnalystContext(
  browser: Browser,
  today: number,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
  });
  await context.clock.setFixedTime(today);
  context.setDefaultTimeout(10_000);
  return context;
}

/**
 * Collects what must never happen on a page: an uncaught script error, or
 * a Content-Security-Policy violation (the server forbids inline code).
 */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    const text = message.text();
    if (/Content.Security.Policy/i.test(text)) errors.push(text);
  });
  return errors;
}

/** Saves a screenshot as NAME.png in the screenshot folder: the whole page, or
 * only the first screenful of a long list. */
export async function saveScreenshot(
  page: Page,
  name: string,
  fullPage = true,
): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** Signs in through the login form, as a person would, and waits for
 * the answer: the signed-in header, or the login's error. */
export async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByRole('button', { name: 'Sign out' })
    .or(page.getByRole('alert'))
    .waitFor();
}
