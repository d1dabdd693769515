/**
 * Helpers for the server's in-process tests: a server over a given store,
 * accounts and tokens made the way the CLI makes them, and logging in
 * through the API as a browser would.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout } from 'node:timers/promises';

import type { FastifyInstance } from 'fastify';

import { loadConfig } from '../config/config.ts';
import { silentLogger } from '../log/logger.ts';
import { addAccount } from '../store/account-store.ts';
import { REUSE_MS } from '../store/commit-watch.ts';
import { openStore, type Store } from '../store/database.ts';
import { issueApiToken } from './api-tokens.ts';
import { buildServer, type BuildServerOptions } from './build-server.ts';
import { SESSION_COOKIE } from './caller-authentication.ts';
import { hashPassword } from './secret-hashing.ts';

/** A folder with no web UI in it, so tests never depend on a build. */
export const NO_WEB_UI = mkdtempSync(join(tmpdir(), 'satview-no-ui-'));

/** A server over `store`, quiet, without a web UI unless given one. */
export async function testServer(
  store: Store,
  options: Partial<BuildServerOptions> = {},
): Promise<FastifyInstance> {
  const app = await buildServer({
    store,
    config: loadConfig({}, {}),
    logger: silentLogger(),
    webRoot: NO_WEB_UI,
    ...options,
  });
  await app.ready();
  return app;
}

/** Adds parties to the reference data. */
export async function addParties(
  store: Store,
  partyIds: readonly string[],
): Promise<void> {
  await store.db
    .insertInto('party')
    .values(partyIds.map((id) => ({ party_id: id, name: `Party ${id}` })))
    .onConflict((oc) => oc.column('party_id').doNothing())
    .execute();
}

/** Adds an account with a password, as `satview accounts add` does. */
export async function addTestAccount(
  store: Store,
  username: string,
  partyId: string,
  password = 'correct horse',
): Promise<void> {
  await addAccount(store, {
    username,
    partyId,
    passwordHash: await hashPassword(password),
    createdAt: Date.now(),
  });
}

/** A new API token of a party. */
export async function addTestToken(
  store: Store,
  partyId: string,
): Promise<string> {
  return (await issueApiToken(store, partyId, 'test', Date.now())).token;
}

/** What a logged-in browser holds: its cookie and CSRF token. */
export interface TestSession {
  readonly cookie: string;
  readonly csrfToken: string;
  /** Headers for a read: the cookie. */
  readonly headers: Record<string, string>;
}

/** Logs in through POST /api/login; throws if the login fails. */
export async function logIn(
  app: FastifyInstance,
  username: string,
  password = 'correct horse',
): Promise<TestSession> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/login',
    payload: { username, password },
  });
  if (response.statusCode !== 200) {
    throw new Error(`login of ${username} gave ${response.statusCode}`);
  }
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (cookie === undefined) throw new Error('login set no session cookie');
  const pair = `${SESSION_COOKIE}=${cookie.value}`;
  return {
    cookie: pair,
    csrfToken: response.json<{ csrfToken: string }>().csrfToken,
    headers: { cookie: pair },
  };
}

/** Headers for a call with an API token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/**
 * Runs `change` as the CLI would, from another process: on SQLite through
 * a connection of its own to the same file (which is what tells the
 * server's caches that the store changed), then waits out the time the
 * server may take to notice (commit-watch.ts); on PostgreSQL, where the
 * server keeps no callers, through the same pool.
 */
export async function asAnotherProcess(
  store: Store,
  change: (other: Store) => Promise<unknown>,
): Promise<void> {
  if (store.sqlite === null) {
    await change(store);
    return;
  }
  const other = await openStore({ kind: 'sqlite', path: store.sqlite.name });
  try {
    await change(other);
  } finally {
    await other.close();
  }
  await setTimeout(REUSE_MS + 1);
}
