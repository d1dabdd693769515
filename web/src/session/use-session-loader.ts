/**
 * Finds out whether the browser holds a session (`GET /api/me`), and keeps
 * that answer current: a 401 from any call signs the analyst out.
 */
import { useCallback, useEffect, useState } from 'react';

import {
  UNAUTHORIZED_EVENT,
  getJson,
  postJson,
  type ApiError,
} from '../api/api-client.ts';
import type { Session } from '../api/api-types.ts';
import { toApiError } from '../api/use-api.ts';

/** Where the shell stands with the session. */
export type SessionStatus =
  | { readonly status: 'checking' }
  | { readonly status: 'signed-out' }
  | { readonly status: 'failed'; readonly error: ApiError }
  | { readonly status: 'signed-in'; readonly session: Session };

/** The session status, with login, logout and retry. */
export function useSessionLoader() {
  const [state, setState] = useState<SessionStatus>({ status: 'checking' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    getJson<Session>('/api/me').then(
      (session) => setState({ status: 'signed-in', session }),
      (error: unknown) => setState(signedOutOrFailed(error)),
    );
  }, [attempt]);

  useEffect(() => {
    const signOut = () => setState({ status: 'signed-out' });
    window.addEventListener(UNAUTHORIZED_EVENT, signOut);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, signOut);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    await postJson<unknown>('/api/login', { username, password }, null);
    // The login answer lacks the party's name; /api/me has everything.
    const session = await getJson<Session>('/api/me');
    setState({ status: 'signed-in', session });
  }, []);

  const logout = useCallback(async (csrfToken: string | null) => {
    try {
      await postJson<unknown>('/api/logout', {}, csrfToken);
    } finally {
      setState({ status: 'signed-out' });
    }
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'checking' });
    setAttempt((n) => n + 1);
  }, []);

  return { state, login, logout, retry };
}

function signedOutOrFailed(error: unknown): SessionStatus {
  const apiError = toApiError(error);
  return apiError.status === 401
    ? { status: 'signed-out' }
    : { status: 'failed', error: apiError };
}
