/**
 * What the browser tests share: Debian's Chromium driven by playwright-core,
 * a fresh build of the web UI when the sources changed, a real satview
 * server listening on a free loopback port, and signing in as a person
 * would.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, type Browser, type Page } from 'playwright-core';

/** Where CI's script and the README install Chromium (apt chromium). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where `npm run build` puts the UI and the server serves it from. */
export const WEB_DIST = join(PROJECT_ROOT, 'web', 'dist');
const SCREENSHOTS = join(PROJECT_ROOT, 'docs', 'screenshots');

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
 * the UI, so the tests never judge a stale build.
 */
export function ensureWebBuild(): void {
  const index = join(WEB_DIST, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map(
    (name) => join(PROJECT_ROOT, 'web', name),
  );
  if (built > 0 && Math.max(...sources.map(newestChange)) < built) return;
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
  }
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

/** Saves a screenshot as docs/screenshots/NAME.png: the whole page, or
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
