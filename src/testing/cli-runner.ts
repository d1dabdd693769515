/**
 * Runs the satview CLI in-process for the command tests: one way to
 * capture what a command writes, and one way to make a small store with a
 * party in it, instead of a copy of each in every test file.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

import { main } from '../cli/main.ts';
import { openStore } from '../store/database.ts';

/** What one `satview` run answered: its exit code and its output. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `satview ARGS`; answers the exit code and what it wrote. */
export async function satview(...args: string[]): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk) => out.push(String(chunk)));
  stderr.on('data', (chunk) => err.push(String(chunk)));
  const code = await main(args, { stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A new SQLite store file in a temporary folder; answers its path. */
export function tempStorePath(name = 's.db'): string {
  return join(mkdtempSync(join(tmpdir(), 'satview-cli-')), name);
}

/** A new SQLite store holding one party; answers its path. */
export async function storeWithParty(
  partyId: string,
  name: string,
): Promise<string> {
  const path = tempStorePath();
  const store = await openStore({ kind: 'sqlite', path });
  await store.db
    .insertInto('party')
    .values({ party_id: partyId, name })
    .execute();
  await store.close();
  return path;
}
