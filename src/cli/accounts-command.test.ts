import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';

import { openStore } from '../store/database.ts';
import { logIn, testServer } from '../server/test-server.ts';
import { main } from './main.ts';

/** Runs `satview ARGS`; answers the exit code and what it wrote. */
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
    .values({ party_id: 'ELEC01', name: 'Electric One' })
    .execute();
  await store.close();
  return path;
}

describe('satview accounts', () => {
  it('adds an account that can log in, lists it, and disables it', async () => {
    const db = await storeWithParty();
    const added = await satview(
      'accounts',
      'add',
      '--db',
      db,
      '--username',
      'Alice',
      '--party',
      'ELEC01',
      '--password',
      'correct horse',
    );
    assert.equal(added.code, 0, added.stderr);
    const listed = await satview('accounts', 'list', '--db', db);
    assert.match(listed.stdout, /^alice\tELEC01\t\S+\tactive\n$/);

    const store = await openStore({ kind: 'sqlite', path: db });
    try {
      const app = await testServer(store);
      await logIn(app, 'alice', 'correct horse');
      const disabled = await satview(
        'accounts',
        'disable',
        '--db',
        db,
        '--username',
        'alice',
      );
      assert.equal(disabled.code, 0, disabled.stderr);
      await assert.rejects(logIn(app, 'alice', 'correct horse'), /401/);
    } finally {
      await store.close();
    }
  });

  it('refuses a short password, an unknown party and a missing flag', async () => {
    const db = await storeWithParty();
    const short = await satview(
      'accounts',
      'add',
      '--db',
      db,
      '--username',
      'bob',
      '--party',
      'ELEC01',
      '--password',
      'short',
    );
    assert.equal(short.code, 1);
    assert.match(short.stderr, /at least 8 characters \[SV_ACCOUNT_INVALID\]/);
    const party = await satview(
      'accounts',
      'add',
      '--db',
      db,
      '--username',
      'bob',
      '--party',
      'NOPE',
      '--password',
      'long enough',
    );
    assert.match(party.stderr, /SV_PARTY_UNKNOWN/);
    const missing = await satview('accounts', 'add', '--db', db);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--username is required/);
  });

  it('an unknown action is a usage error that creates no database', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'satview-cli-')), 'none.db');
    const result = await satview('accounts', 'remove', '--db', db);
    assert.equal(result.code, 2);
    assert.equal(existsSync(db), false);
  });

  it('disabling an unknown account fails', async () => {
    const db = await storeWithParty();
    const result = await satview(
      'accounts',
      'disable',
      '--db',
      db,
      '--username',
      'ghost',
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no account 'ghost'/);
  });
});
