/**
 * Scratch PostgreSQL databases for tests and benches: a new, empty
 * database with a random name on a server, dropped when done.
 */
import { randomBytes } from 'node:crypto';

import pg from 'pg';

/** A scratch database: its URL, and how to drop it. */
export interface ScratchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates `<prefix>_<random hex>` on the server `serverUrl` names. */
export async function createScratchDatabase(
  serverUrl: string,
  prefix: string,
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: () => adminQuery(serverUrl, `drop database if exists ${name}`),
  };
}

/** Runs one statement on a connection of its own to `url`. */
async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
