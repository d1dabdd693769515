/**
 * The signed-in analyst, available to every screen: their party decides
 * which traffic is "own", and the CSRF token signs every write.
 */
import { createContext, useContext } from 'react';

import type { Session } from '../api/api-types.ts';

/** The session and the actions on it. */
export interface SessionState {
  readonly session: Session;
  readonly logout: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

/** The current session; only screens behind the login call this. */
export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (state === null) throw new Error('useSession outside a signed-in shell');
  return state;
}
