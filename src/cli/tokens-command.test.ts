import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';

import { openStore } from '../store/database.ts';
import { bearer, testServer } from '../server/test-server.ts';
import { main } from './main.ts';

async function satview(...args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c) => out.push(String(c)));
  stderr.on('data', (c) => err.push(String(c)));
  const code = await main(args, { stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

async function storeWithParty(): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'satview-cli-')), 's.db');
  const store = await openStore({ kind: 'sqlite', path });
  await store.db
    .insertInto('party')
    .values({ party_id: 'GAS02', name: 'Gas Two' })
    .execute();
  await store.close();
  return path;
}

describe('satview tokens', () => {
  it('prints a new token once on stdout; it works until revoked', async () => {
    const db = await storeWithParty();
    const created = await satview(
      'tokens',
      'create',
      '--db',
      db,
      '--party',
      'GAS02',
      '--name',
      'billing',
    );
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(token, /^svt_[A-Za-z0-9_-]{43}$/);
    assert.doesNotMatch(created.stderr, new RegExp(token));

    const listed = await satview('tokens', 'list', '--db', db);
    assert.match(listed.stdout, /^1\tGAS02\tbilling\t\S+\tactive\n$/);
    assert.doesNotMatch(listed.stdout, /svt_/);

    const store = await openStore({ kind: 'sqlite', path: db });
    try {
      const app = await testServer(store);
      const me = () => app.inject({ url: '/api/me', headers: bearer(token) });
      assert.equal((await me()).statusCode, 200);
      const wrongParty = await satview(
        'tokens',
        'revoke',
        '--db',
        db,
        '--party',
        'ELEC01',
        '--id',
        '1',
      );
      assert.equal(wrongParty.code, 1);
      assert.equal((await me()).statusCode, 200);
      const revoked = await satview(
        'tokens',
        'revoke',
        '--db',
        db,
        '--party',
        'GAS02',
        '--id',
        '1',
      );
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.equal((await me()).statusCode, 401);
    } finally {
      await store.close();
    }
  });

  it('refuses a token for an unknown party', async () => {
    const db = await storeWithParty();
    const result = await satview(
      'tokens',
      'create',
      '--db',
      db,
      '--party',
      'X',
    );
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /SV_PARTY_UNKNOWN/);
  });
});
