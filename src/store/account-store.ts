/**
 * People's accounts, their browser sessions, and the API tokens programs
 * use. Every account and token acts for exactly one party. Secrets are
 * never stored: an account keeps a scrypt hash, a session and a token keep
 * the sha256 of their random value (see server/secret-hashing.ts).
 */
import type { Statement as SqliteStatement } from 'better-sqlite3';

import { SatviewError } from '../errors/satview-error.ts';
import type { Store } from './database.ts';

/** An account as listed; never carries its password hash. */
export interface Account {
  readonly username: string;
  readonly partyId: string;
  readonly createdAt: number;
  readonly disabledAt: number | null;
}

/** An account with the hash a login checks against. */
export interface AccountCredentials extends Account {
  readonly passwordHash: string;
}

/** A new account; the password already hashed. */
export interface NewAccount {
  readonly username: string;
  readonly partyId: string;
  readonly passwordHash: string;
  readonly createdAt: number;
}

/** The signed-in person behind a live session. */
export interface SessionOwner {
  readonly username: string;
  readonly partyId: string;
  readonly csrfToken: string;
  readonly expiresAt: number;
}

/** A new session, keyed by the hash of its id. */
export interface NewSession {
  readonly idHash: string;
  readonly username: string;
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** An API token as listed; never carries its hash. */
export interface ApiToken {
  readonly id: number;
  readonly partyId: string;
  readonly name: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/** Whether a username is well-formed: lower case letters, digits and
 * `. _ @ -`, up to 64 characters, starting with a letter or digit. */
export function isValidUsername(username: string): boolean {
  return USERNAME.test(username);
}

/** Adds an account; refuses a malformed or taken username and a party
 * that the reference data does not define. */
export async function addAccount(
  store: Store,
  account: NewAccount,
): Promise<Account> {
  if (!isValidUsername(account.username)) {
    throw new SatviewError(
      'accountInvalid',
      `Username '${account.username}' must be 1 to 64 lower-case letters, ` +
        'digits or . _ @ -, starting with a letter or digit',
    );
  }
  await requireParty(store, account.partyId);
  if ((await findAccount(store, account.username)) !== undefined) {
    throw new SatviewError(
      'accountInvalid',
      `An account '${account.username}' exists already`,
    );
  }
  await store.db
    .insertInto('account')
    .values({
      username: account.username,
      party_id: account.partyId,
      password_hash: account.passwordHash,
      created_at: account.createdAt,
      disabled_at: null,
    })
    .execute();
  return { ...withoutHash(account), disabledAt: null };
}

/** The account with this username and its password hash, if any. */
export async function findAccount(
  store: Store,
  username: string,
): Promise<AccountCredentials | undefined> {
  const row = await store.db
    .selectFrom('account')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    username: row.username,
    partyId: row.party_id,
    passwordHash: row.password_hash,
    createdAt: Number(row.created_at),
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
  };
}

/** All accounts, by username. */
export async function listAccounts(store: Store): Promise<Account[]> {
  const rows = await store.db
    .selectFrom('account')
    .select(['username', 'party_id', 'created_at', 'disabled_at'])
    .orderBy('username')
    .execute();
  return rows.map((row) => ({
    username: row.username,
    partyId: row.party_id,
    createdAt: Number(row.created_at),
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
  }));
}

/** Disables an account and ends its sessions at once. Answers false when
 * there is no such account. */
export async function disableAccount(
  store: Store,
  username: string,
  now: number,
): Promise<boolean> {
  return store.db.transaction().execute(async (tx) => {
    const result = await tx
      .updateTable('account')
      .set({ disabled_at: now })
      .where('username', '=', username)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    await tx.deleteFrom('session').where('username', '=', username).execute();
    if (Number(result.numUpdatedRows) > 0) return true;
    const exists = await tx
      .selectFrom('account')
      .select('username')
      .where('username', '=', username)
      .executeTakeFirst();
    return exists !== undefined;
  });
}

/** Starts a session. */
export async function createSession(
  store: Store,
  session: NewSession,
): Promise<void> {
  await store.db
    .insertInto('session')
    .values({
      id_hash: session.idHash,
      username: session.username,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** The owner of a live session: not expired, its account not disabled. */
export async function findSession(
  store: Store,
  idHash: string,
  now: number,
): Promise<SessionOwner | undefined> {
  const statement = hotStatement(store, FIND_SESSION_SQL);
  const row = statement
    ? (statement.get(idHash, now) as SessionRow | undefined)
    : await store.db
        .selectFrom('session')
        .innerJoin('account', 'account.username', 'session.username')
        .select([
          'session.username',
          'account.party_id',
          'session.csrf_token',
          'session.expires_at',
        ])
        .where('session.id_hash', '=', idHash)
        .where('session.expires_at', '>', now)
        .where('account.disabled_at', 'is', null)
        .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    username: row.username,
    partyId: row.party_id,
    csrfToken: row.csrf_token,
    expiresAt: Number(row.expires_at),
  };
}

interface SessionRow {
  username: string;
  party_id: string;
  csrf_token: string;
  expires_at: number;
}

const FIND_SESSION_SQL =
  'select s.username, a.party_id, s.csrf_token, s.expires_at ' +
  'from session s join account a on a.username = s.username ' +
  'where s.id_hash = ? and s.expires_at > ? and a.disabled_at is null';

/** Ends a session (logout). */
export async function deleteSession(
  store: Store,
  idHash: string,
): Promise<void> {
  await store.db.deleteFrom('session').where('id_hash', '=', idHash).execute();
}

/** Removes sessions that have expired; answers how many. */
export async function purgeExpiredSessions(
  store: Store,
  now: number,
): Promise<number> {
  const result = await store.db
    .deleteFrom('session')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Records a new API token for a party; answers it without its hash. */
export async function createApiToken(
  store: Store,
  token: {
    partyId: string;
    name: string;
    tokenHash: string;
    createdAt: number;
  },
): Promise<ApiToken> {
  await requireParty(store, token.partyId);
  const row = await store.db
    .insertInto('api_token')
    .values({
      party_id: token.partyId,
      name: token.name,
      token_hash: token.tokenHash,
      created_at: token.createdAt,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: Number(row.id),
    partyId: token.partyId,
    name: token.name,
    createdAt: token.createdAt,
    revokedAt: null,
  };
}

/** API tokens, oldest first; of one party when given. */
export async function listApiTokens(
  store: Store,
  partyId?: string,
): Promise<ApiToken[]> {
  let query = store.db
    .selectFrom('api_token')
    .select(['id', 'party_id', 'name', 'created_at', 'revoked_at']);
  if (partyId !== undefined) query = query.where('party_id', '=', partyId);
  const rows = await query.orderBy('id').execute();
  return rows.map((row) => ({
    id: Number(row.id),
    partyId: row.party_id,
    name: row.name,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  }));
}

/** Revokes a token of a party; answers false when that party has no
 * such live token. */
export async function revokeApiToken(
  store: Store,
  partyId: string,
  id: number,
  now: number,
): Promise<boolean> {
  const result = await store.db
    .updateTable('api_token')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('party_id', '=', partyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The live (unrevoked) token with this hash, if any. */
export async function findApiToken(
  store: Store,
  tokenHash: string,
): Promise<ApiToken | undefined> {
  const statement = hotStatement(store, FIND_TOKEN_SQL);
  const row = statement
    ? (statement.get(tokenHash) as TokenRow | undefined)
    : await store.db
        .selectFrom('api_token')
        .select(['id', 'party_id', 'name', 'created_at'])
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: Number(row.id),
    partyId: row.party_id,
    name: row.name,
    createdAt: Number(row.created_at),
    revokedAt: null,
  };
}

interface TokenRow {
  id: number;
  party_id: string;
  name: string;
  created_at: number;
}

const FIND_TOKEN_SQL =
  'select id, party_id, name, created_at from api_token ' +
  'where token_hash = ? and revoked_at is null';

const statements = new WeakMap<object, Map<string, SqliteStatement>>();

/**
 * A cached prepared statement for a lookup that every API request makes,
 * on SQLite; undefined elsewhere (PostgreSQL goes through Kysely). On
 * better-sqlite3 a prepared statement answers in ~3 µs where a Kysely
 * query takes ~40 µs (it prepares anew and queues on a mutex), which
 * decides the API's request rate. Not inside a Kysely transaction, whose
 * statements would then mix with this one.
 */
function hotStatement(store: Store, text: string): SqliteStatement | undefined {
  const sqlite = store.sqlite;
  if (sqlite === null || sqlite.inTransaction) return undefined;
  let cache = statements.get(sqlite);
  if (cache === undefined) {
    cache = new Map();
    statements.set(sqlite, cache);
  }
  let statement = cache.get(text);
  if (statement === undefined) {
    statement = sqlite.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}

async function requireParty(store: Store, partyId: string): Promise<void> {
  const party = await store.db
    .selectFrom('party')
    .select('party_id')
    .where('party_id', '=', partyId)
    .executeTakeFirst();
  if (party === undefined) {
    throw new SatviewError(
      'partyUnknown',
      `Party '${partyId}' is not in the reference data`,
      { partyId },
    );
  }
}

function withoutHash(account: NewAccount): Omit<Account, 'disabledAt'> {
  return {
    username: account.username,
    partyId: account.partyId,
    createdAt: account.createdAt,
  };
}
