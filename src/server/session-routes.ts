/**
 * Logging in and out. A login answers the session's CSRF token and sets
 * the session id in an HttpOnly, SameSite=Strict cookie, which scripts
 * cannot read and other sites cannot make the browser send.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { SatviewError } from '../errors/satview-error.ts';
import {
  createSession,
  deleteSession,
  findAccount,
  purgeExpiredSessions,
} from '../store/account-store.ts';
import { callerOf, SESSION_COOKIE } from './caller-authentication.ts';
import {
  hashSecret,
  newSecret,
  UNMATCHABLE_HASH,
  verifyPassword,
} from './secret-hashing.ts';
import type { ServerContext } from './server-context.ts';

const ERROR = { $ref: 'ApiError#' } as const;

const LOGIN_SCHEMA = {
  tags: ['session'],
  summary: 'Log in; sets the session cookie and answers the CSRF token',
  body: {
    type: 'object',
    required: ['username', 'password'],
    additionalProperties: false,
    properties: {
      username: { type: 'string', minLength: 1, maxLength: 64 },
      password: { type: 'string', minLength: 1, maxLength: 1024 },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['username', 'partyId', 'csrfToken', 'expiresAt'],
      properties: {
        username: { type: 'string' },
        partyId: { type: 'string' },
        csrfToken: { type: 'string' },
        expiresAt: { type: 'string', format: 'date-time' },
      },
    },
    400: ERROR,
    401: ERROR,
    429: ERROR,
  },
} as const;

const ME_SCHEMA = {
  tags: ['session'],
  summary: 'The caller: its party, account and CSRF token',
  response: {
    200: {
      type: 'object',
      required: ['partyId', 'partyName', 'username', 'via', 'csrfToken'],
      properties: {
        partyId: { type: 'string' },
        partyName: { type: ['string', 'null'] },
        username: { type: ['string', 'null'] },
        via: { type: 'string', enum: ['session', 'token'] },
        csrfToken: { type: ['string', 'null'] },
      },
    },
    401: ERROR,
  },
} as const;

const LOGOUT_SCHEMA = {
  tags: ['session'],
  summary: 'Log out; ends the session (needs x-csrf-token)',
  response: { 204: { type: 'null' }, 401: ERROR, 403: ERROR },
} as const;

interface LoginBody {
  readonly username: string;
  readonly password: string;
}

/** POST /api/login: the one /api route that needs no caller. */
export function registerLoginRoute(
  app: FastifyInstance,
  context: ServerContext,
): void {
  app.post<{ Body: LoginBody }>(
    '/api/login',
    { schema: LOGIN_SCHEMA },
    (request, reply) => login(context, request, reply),
  );
}

/** GET /api/me and POST /api/logout, for authenticated callers. */
export function registerSessionRoutes(
  api: FastifyInstance,
  context: ServerContext,
): void {
  api.get('/me', { schema: ME_SCHEMA }, (request) => me(context, request));
  api.post('/logout', { schema: LOGOUT_SCHEMA }, async (request, reply) => {
    const caller = callerOf(request);
    if (caller.sessionIdHash !== null) {
      context.callers.forget(caller.sessionIdHash);
      await deleteSession(context.store, caller.sessionIdHash);
    }
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).code(204).send();
  });
}

async function login(
  context: ServerContext,
  request: FastifyRequest<{ Body: LoginBody }>,
  reply: FastifyReply,
) {
  const username = request.body.username.trim().toLowerCase();
  const keys = [`user:${username}`, `ip:${request.ip}`];
  const now = context.now();
  if (await context.throttle.isLocked(keys, now)) {
    throw new SatviewError(
      'rateLimited',
      'Too many failed logins; wait 15 minutes before trying again.',
    );
  }
  const partyId = await checkPassword(context, username, request.body.password);
  if (partyId === undefined) {
    await context.throttle.fail(keys, now);
    request.log.info({ username }, 'login refused');
    throw new SatviewError('unauthenticated', 'Wrong username or password.');
  }
  await context.throttle.clear(`user:${username}`);
  await endOldSession(context, request);
  const session = await startSession(context, username, now);
  setSessionCookie(reply, request, session.id, context.sessionTtlMs);
  request.log.info({ username, partyId }, 'logged in');
  return {
    username,
    partyId,
    csrfToken: session.csrfToken,
    expiresAt: new Date(session.expiresAt).toISOString(),
  };
}

/** The account's party when the password is right; undefined otherwise.
 * An unknown or disabled account costs one scrypt like a known one, so
 * timing does not tell which usernames exist. */
async function checkPassword(
  context: ServerContext,
  username: string,
  password: string,
): Promise<string | undefined> {
  const account = await findAccount(context.store, username);
  const hash = account?.passwordHash ?? UNMATCHABLE_HASH;
  const matches = await verifyPassword(password, hash);
  if (!matches || account === undefined || account.disabledAt !== null) {
    return undefined;
  }
  return account.partyId;
}

async function startSession(
  context: ServerContext,
  username: string,
  now: number,
) {
  const id = newSecret();
  const csrfToken = newSecret();
  const expiresAt = now + context.sessionTtlMs;
  await purgeExpiredSessions(context.store, now);
  await createSession(context.store, {
    idHash: hashSecret(id),
    username,
    csrfToken,
    createdAt: now,
    expiresAt,
  });
  return { id, csrfToken, expiresAt };
}

async function endOldSession(
  context: ServerContext,
  request: FastifyRequest,
): Promise<void> {
  const old = request.cookies[SESSION_COOKIE];
  if (!old) return;
  const idHash = hashSecret(old);
  context.callers.forget(idHash);
  await deleteSession(context.store, idHash);
}

function setSessionCookie(
  reply: FastifyReply,
  request: FastifyRequest,
  sessionId: string,
  ttlMs: number,
): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    maxAge: Math.floor(ttlMs / 1000),
    // Plain HTTP on localhost cannot keep a Secure cookie; behind TLS the
    // flag is set.
    secure: request.protocol === 'https',
  });
}

async function me(context: ServerContext, request: FastifyRequest) {
  const caller = callerOf(request);
  const party = await context.store.db
    .selectFrom('party')
    .select('name')
    .where('party_id', '=', caller.viewer.partyId)
    .executeTakeFirst();
  return {
    partyId: caller.viewer.partyId,
    partyName: party?.name ?? null,
    username: caller.username,
    via: caller.via,
    csrfToken: caller.csrfToken,
  };
}
