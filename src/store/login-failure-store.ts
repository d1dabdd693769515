/**
 * Failed logins in the store, counted per key ('user:…' for an account,
 * 'ip:…' for an address), so that every server process on one store
 * shares the counts and a restart keeps them.
 */
import type { Store } from './database.ts';

/** How many failures each of `keys` has after `since` (epoch ms); keys
 * without any are absent. */
export async function recentFailures(
  store: Store,
  keys: readonly string[],
  since: number,
): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await store.db
    .selectFrom('login_failure')
    .select(['key', (eb) => eb.fn.countAll<number>().as('failures')])
    .where('key', 'in', keys)
    .where('failed_at', '>', since)
    .groupBy('key')
    .execute();
  return new Map(rows.map((row) => [row.key, Number(row.failures)]));
}

/**
 * Counts one failure at `at` against each key, and forgets every failure
 * at or before `forgetUpTo`, which no window counts any more.
 *
 * Two statements, each its own transaction, and no transaction around
 * them: the server writes the access log on the same SQLite connection
 * between turns of the event loop, and rows written inside a transaction
 * held open across an await would be undone with it should it roll back.
 */
export async function addFailures(
  store: Store,
  keys: readonly string[],
  at: number,
  forgetUpTo: number,
): Promise<void> {
  await store.db
    .deleteFrom('login_failure')
    .where('failed_at', '<=', forgetUpTo)
    .execute();
  if (keys.length === 0) return;
  await store.db
    .insertInto('login_failure')
    .values(keys.map((key) => ({ key, failed_at: at })))
    .execute();
}

/** Forgets a key's failures. */
export async function clearFailures(store: Store, key: string) {
  await store.db.deleteFrom('login_failure').where('key', '=', key).execute();
}
