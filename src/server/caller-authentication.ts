/**
 * Who is calling: a person through a session cookie, or a program through
 * an API token (`Authorization: Bearer svt_…`). Either way the caller acts
 * for exactly one party, which becomes the Viewer of every query. A
 * request that names a token is judged by the token alone, so a wrong
 * token is refused even when a session cookie rides along.
 */
import { timingSafeEqual } from 'node:crypto';

import type { FastifyReply, FastifyRequest } from 'fastify';

import { SatviewError } from '../errors/satview-error.ts';
import { findApiToken, findSession } from '../store/account-store.ts';
import type { Store } from '../store/database.ts';
import type { Viewer } from '../visibility/record-view.ts';
import type { CallerCache } from './caller-cache.ts';
import { hashSecret } from './secret-hashing.ts';

/** The authenticated caller of one request. */
export interface Caller {
  readonly viewer: Viewer;
  readonly via: 'session' | 'token';
  /** The account, for a session; null for a token. */
  readonly username: string | null;
  /** The token's id, for a token; null for a session. */
  readonly tokenId: number | null;
  /** The session's CSRF token; null for a token. */
  readonly csrfToken: string | null;
  /** The stored hash of the session id; null for a token. */
  readonly sessionIdHash: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every /api route that needs it. */
    caller: Caller | null;
  }
}

/** The name of the session cookie. */
export const SESSION_COOKIE = 'satview_session';

/** Methods that change state and so need the CSRF token on a session. */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An onRequest hook that sets request.caller or answers 401 (403 for a
 * session write without its CSRF token). */
export function authenticateCallers(
  store: Store,
  callers: CallerCache,
  now: () => number,
) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const caller = await identify(store, callers, request, now());
    if (caller === null) {
      throw new SatviewError(
        'unauthenticated',
        'Log in, or send a valid API token as `Authorization: Bearer …`.',
      );
    }
    if (caller.via === 'session' && WRITES.has(request.method)) {
      requireCsrfToken(request, caller);
    }
    request.caller = caller;
  };
}

/** The caller a route's handler acts for; the hook guarantees one. */
export function callerOf(request: FastifyRequest): Caller {
  if (request.caller === null) {
    throw new SatviewError('unauthenticated', 'This route needs a login.');
  }
  return request.caller;
}

async function identify(
  store: Store,
  callers: CallerCache,
  request: FastifyRequest,
  now: number,
): Promise<Caller | null> {
  const authorization = request.headers.authorization;
  let secret: string | undefined;
  let lookUp: typeof lookUpSession;
  if (authorization !== undefined) {
    secret = /^Bearer +(\S{1,200})$/i.exec(authorization.trim())?.[1];
    lookUp = lookUpToken;
  } else {
    secret = request.cookies[SESSION_COOKIE];
    lookUp = lookUpSession;
  }
  if (secret === undefined || secret === '') return null;
  const secretHash = hashSecret(secret);
  const known = callers.get(secretHash, now);
  if (known !== undefined) return known;
  const found = await lookUp(store, secretHash, now);
  if (found === null) return null;
  callers.set(secretHash, found.caller, now, found.validUntil);
  return found.caller;
}

/** A caller found in the store, and until when it stays valid. */
interface Found {
  readonly caller: Caller;
  readonly validUntil: number;
}

async function lookUpToken(
  store: Store,
  tokenHash: string,
  _now: number,
): Promise<Found | null> {
  const token = await findApiToken(store, tokenHash);
  if (token === undefined) return null;
  const caller: Caller = {
    viewer: { partyId: token.partyId },
    via: 'token',
    username: null,
    tokenId: token.id,
    csrfToken: null,
    sessionIdHash: null,
  };
  return { caller, validUntil: Number.POSITIVE_INFINITY };
}

async function lookUpSession(
  store: Store,
  idHash: string,
  now: number,
): Promise<Found | null> {
  const session = await findSession(store, idHash, now);
  if (session === undefined) return null;
  const caller: Caller = {
    viewer: { partyId: session.partyId },
    via: 'session',
    username: session.username,
    tokenId: null,
    csrfToken: session.csrfToken,
    sessionIdHash: idHash,
  };
  return { caller, validUntil: session.expiresAt };
}

function requireCsrfToken(request: FastifyRequest, caller: Caller): void {
  const sent = request.headers['x-csrf-token'];
  const expected = Buffer.from(caller.csrfToken ?? '');
  const given = Buffer.from(typeof sent === 'string' ? sent : '');
  const ok =
    expected.length > 0 &&
    given.length === expected.length &&
    timingSafeEqual(given, expected);
  if (!ok) {
    throw new SatviewError(
      'forbiddenCsrf',
      'Send the x-csrf-token header that the login answer gave.',
    );
  }
}
