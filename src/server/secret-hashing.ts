/**
 * How satview keeps secrets it must recognise later. Passwords are hashed
 * with scrypt (memory-hard, a fresh salt per account) so that a copied
 * database does not give them away cheaply; session ids and API tokens are
 * long random values, for which one sha256 is enough.
 */
import {
  hash,
  randomBytes,
  scrypt,
  type ScryptOptions,
  timingSafeEqual,
} from 'node:crypto';

/** scrypt cost: N = 2^15, r = 8 uses 32 MiB and about 0.1 s per hash on
 * this project's 2-core machines, which is the OWASP minimum for scrypt. */
const LOG2_N = 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

/** Hashes a password; the answer carries its parameters and salt:
 * `scrypt$15$8$1$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const params = { logN: LOG2_N, r: BLOCK_SIZE, p: PARALLELISM };
  const hash = await derive(password, salt, params, KEY_BYTES);
  return [
    'scrypt',
    params.logN,
    params.r,
    params.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

/** Whether a password matches a hash from hashPassword. Compares in
 * constant time; a malformed hash never matches. */
export async function verifyPassword(
  password: string,
  stored: string,
): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === undefined) return false;
  const hash = await derive(password, parsed.salt, parsed, parsed.hash.length);
  return timingSafeEqual(hash, parsed.hash);
}

/** A hash that matches no password: verifying against it costs the same
 * as a real check, so a login for an unknown account takes as long as one
 * for a known account. */
export const UNMATCHABLE_HASH = [
  'scrypt',
  LOG2_N,
  BLOCK_SIZE,
  PARALLELISM,
  Buffer.alloc(SALT_BYTES).toString('base64url'),
  Buffer.alloc(KEY_BYTES).toString('base64url'),
].join('$');

/** A new random secret (session id, CSRF token, API token body),
 * base64url, 256 bits. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The sha256 (hex) under which a session id or API token is stored.
 * Every API request hashes its secret to find its caller, so this is the
 * one-shot form, without a Hash object. */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

interface ScryptParams {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

function derive(
  password: string,
  salt: Buffer,
  { logN, r, p }: ScryptParams,
  length: number,
): Promise<Buffer> {
  const N = 2 ** logN;
  // Node refuses scrypt above 32 MiB unless maxmem says otherwise.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function parseHash(
  stored: string,
): (ScryptParams & { salt: Buffer; hash: Buffer }) | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [
    number,
    number,
    number,
  ];
  // Bounds keep a tampered row from making one login cost gigabytes.
  if (!(logN >= 10 && logN <= 20 && r >= 1 && r <= 32 && p >= 1 && p <= 4)) {
    return undefined;
  }
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const hash = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { logN, r, p, salt, hash };
}
