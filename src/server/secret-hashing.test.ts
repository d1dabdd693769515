import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  hashPassword,
  hashSecret,
  newSecret,
  UNMATCHABLE_HASH,
  verifyPassword,
} from './secret-hashing.ts';

describe('password hashing', () => {
  it('a hash verifies its password and no other', async () => {
    const hash = await hashPassword('correct horse');
    assert.match(hash, /^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    assert.equal(await verifyPassword('correct horse', hash), true);
    assert.equal(await verifyPassword('correct horsf', hash), false);
    assert.equal(await verifyPassword('', hash), false);
  });

  it('salts every hash, so equal passwords hash apart', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same'),
      hashPassword('same'),
    ]);
    assert.notEqual(a, b);
  });

  it('a malformed or tampered hash matches nothing', async () => {
    const hash = await hashPassword('pw');
    for (const stored of [
      '',
      'plain-text',
      hash.replace('scrypt$15', 'scrypt$30'),
      hash.replace('scrypt', 'bcrypt'),
      UNMATCHABLE_HASH,
    ]) {
      assert.equal(await verifyPassword('pw', stored), false, stored);
    }
  });
});

describe('session ids and API tokens', () => {
  it('are 256 random bits, stored as their sha256', () => {
    const secret = newSecret();
    assert.match(secret, /^[\w-]{43}$/);
    assert.notEqual(newSecret(), secret);
    assert.match(hashSecret(secret), /^[0-9a-f]{64}$/);
    assert.equal(hashSecret(secret), hashSecret(secret));
  });
});
