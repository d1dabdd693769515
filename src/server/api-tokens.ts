/**
 * API tokens for programs. A token is `svt_` and 256 random bits; only its
 * sha256 is stored, so it is shown once, when it is made, and a lost
 * token is revoked and replaced, never recovered.
 */
import { type ApiToken, createApiToken } from '../store/account-store.ts';
import type { Store } from '../store/database.ts';
import { hashSecret, newSecret } from './secret-hashing.ts';

/** Recognisable in logs and secret scanners. */
export const TOKEN_PREFIX = 'svt_';

/** A token just made: the secret, to show once, and its record. */
export interface IssuedToken {
  readonly token: string;
  readonly record: ApiToken;
}

/** Makes a token for a party and stores its hash. */
export async function issueApiToken(
  store: Store,
  partyId: string,
  name: string,
  now: number,
): Promise<IssuedToken> {
  const token = TOKEN_PREFIX + newSecret();
  const record = await createApiToken(store, {
    partyId,
    name,
    tokenHash: hashSecret(token),
    createdAt: now,
  });
  return { token, record };
}
