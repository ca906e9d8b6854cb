import { sql } from 'kysely';
import { KeelError } from '../errors/index.ts';
import { describeError } from './database-errors.ts';
import type { AnyDatabase } from './database.ts';

/** `select 1`, reported as `KEEL_DATABASE_UNAVAILABLE` when it fails. */
export async function ping(db: AnyDatabase): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    throw new KeelError('KEEL_DATABASE_UNAVAILABLE', `the database is not answering: ${describeError(error)}`, {
      cause: error,
    });
  }
}
