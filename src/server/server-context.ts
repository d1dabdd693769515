/**
 * What every route of one server shares: the store, the configuration,
 * the clock and the login throttle.
 */
import type { Config } from '../config/config.ts';
import type { Store } from '../store/database.ts';
import type { AccessLogWriter } from './access-log-writer.ts';
import type { AnswerCache } from './answer-cache.ts';
import type { CallerCache } from './caller-cache.ts';
import type { LoginThrottle } from './login-throttle.ts';

/** A demo account the login screen may list (demo stores only). */
export interface DemoLogin {
  readonly username: string;
  readonly password: string;
  readonly party: string;
  /** The part the party plays in the demo tour, e.g. 'gaining supplier'. */
  readonly role: string;
  readonly note: string;
}

/** The shared state of one server instance. */
export interface ServerContext {
  readonly store: Store;
  readonly config: Config;
  /** Epoch ms; tests move it. */
  readonly now: () => number;
  readonly throttle: LoginThrottle;
  /** Demo accounts this server made; null when it made none. */
  readonly demoLogins: readonly DemoLogin[] | null;
  /** How long a session lasts from login. */
  readonly sessionTtlMs: number;
  /** Recent record answers, per party and URL. */
  readonly answers: AnswerCache;
  /** Where answers log the records they show, before they are sent. */
  readonly accessLog: AccessLogWriter;
  /** Callers already identified, by the hash of their secret. */
  readonly callers: CallerCache;
}

/** Sessions last a working day; there is no sliding renewal. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
