/**
 * Runs a migration's work under one savepoint, so that a failure leaves
 * the store as it was: a savepoint opens a transaction on SQLite (whose
 * migrations Kysely runs outside one) and nests inside the transaction
 * Kysely opens for each migration on PostgreSQL.
 */
import { type Kysely, sql } from 'kysely';

/** Runs `work`; on an error rolls back everything it did and rethrows. */
export async function underSavepoint(
  db: Kysely<unknown>,
  name: string,
  work: () => Promise<void>,
): Promise<void> {
  const savepoint = sql.id(name);
  await sql`savepoint ${savepoint}`.execute(db);
  try {
    await work();
  } catch (error) {
    await sql`rollback to ${savepoint}`.execute(db);
    await sql`release ${savepoint}`.execute(db);
    throw error;
  }
  await sql`release ${savepoint}`.execute(db);
}
