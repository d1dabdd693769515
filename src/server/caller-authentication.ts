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
 * session write without its CSRF token). In the callback form, so that a
 * caller found in the cache, as most are, costs no promise. */
export function authenticateCallers(
  store: Store,
  callers: CallerCache,
  now: () => number,
) {
  return (
    request: FastifyRequest,
    _reply: FastifyReply,
    done: (error?: Error) => void,
  ): void => {
    const at = now();
    const secret = secretOf(request);
    if (secret === undefined) {
      done(unauthenticated());
      return;
    }
    const secretHash = hashSecret(secret.value);
    const known = callers.get(secretHash, at);
    if (known !== undefined) {
      done(admit(request, known));
      return;
    }
    secret.lookUp(store, secretHash, at).then(
      (found) => {
        if (found === null) {
          done(unauthenticated());
          return;
        }
        callers.set(secretHash, found.caller, at, found.validUntil);
        done(admit(request, found.caller));
      },
      (error: Error) => done(error),
    );
  };
}

/** Sets the request's caller, or answers why it may not go on. */
function admit(request: FastifyRequest, caller: Caller): Error | undefined {
  if (caller.via === 'session' && WRITES.has(request.method)) {
    const refused = csrfRefusal(request, caller);
    if (refused !== undefined) return refused;
  }
  request.caller = caller;
  return undefined;
}

function unauthenticated(): SatviewError {
  return new SatviewError(
    'unauthenticated',
    'Log in, or send a valid API token as `Authorization: Bearer …`.',
  );
}

/** The caller a route's handler acts for; the hook guarantees one. */
export function callerOf(request: FastifyRequest): Caller {
  if (request.caller === null) {
    throw new SatviewError('unauthenticated', 'This route needs a login.');
  }
  return request.caller;
}

/** The secret a request presents, and where to look it up. A request
 * that names a token is judged by the token alone. */
function secretOf(
  request: FastifyRequest,
): { value: string; lookUp: typeof lookUpSession } | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const token = /^Bearer +(\S{1,200})$/i.exec(authorization.trim())?.[1];
    return token === undefined
      ? undefined
      : { value: token, lookUp: lookUpToken };
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  if (sessionId === undefined || sessionId === '') return undefined;
  return { value: sessionId, lookUp: lookUpSession };
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

/** The 403 for a session write without its CSRF token, if it lacks it. */
function csrfRefusal(
  request: FastifyRequest,
  caller: Caller,
): SatviewError | undefined {
  const sent = request.headers['x-csrf-token'];
  const expected = Buffer.from(caller.csrfToken ?? '');
  const given = Buffer.from(typeof sent === 'string' ? sent : '');
  const ok =
    expected.length > 0 &&
    given.length === expected.length &&
    timingSafeEqual(given, expected);
  if (ok) return undefined;
  return new SatviewError(
    'forbiddenCsrf',
    'Send the x-csrf-token header that the login answer gave.',
  );
}
