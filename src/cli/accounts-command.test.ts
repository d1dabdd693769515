import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';

import { openStore } from '../store/database.ts';
import { logIn, testServer } from '../server/test-server.ts';
import {
  satview,
  storeWithParty,
  tempStorePath,
} from '../testing/cli-runner.ts';

/** Runs `satview accounts add` with every flag given. */
function addAccount(
  db: string,
  username: string,
  party: string,
  password: string,
) {
  return satview(
    'accounts',
    'add',
    '--db',
    db,
    '--username',
    username,
    '--party',
    party,
    '--password',
    password,
  );
}

describe('satview accounts', () => {
  it('adds an account that can log in, lists it, and disables it', async () => {
    const db = await storeWithParty('ELEC01', 'Electric One');
    const added = await addAccount(db, 'Alice', 'ELEC01', 'correct horse');
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
    const db = await storeWithParty('ELEC01', 'Electric One');
    const short = await addAccount(db, 'bob', 'ELEC01', 'short');
    assert.equal(short.code, 1);
    assert.match(short.stderr, /at least 8 characters \[SV_ACCOUNT_INVALID\]/);
    const party = await addAccount(db, 'bob', 'NOPE', 'long enough');
    assert.match(party.stderr, /SV_PARTY_UNKNOWN/);
    const missing = await satview('accounts', 'add', '--db', db);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--username is required/);
  });

  it('an unknown action is a usage error that creates no database', async () => {
    const db = tempStorePath('none.db');
    const result = await satview('accounts', 'remove', '--db', db);
    assert.equal(result.code, 2);
    assert.equal(existsSync(db), false);
  });

  it('disabling an unknown account fails', async () => {
    const db = await storeWithParty('ELEC01', 'Electric One');
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
