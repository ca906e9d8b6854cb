import type { Kysely } from 'kysely';
import type { DB } from '../shared/index.ts';

/** Whether the organisation exists: the other modules answer 404 for a path under an unknown organisation. */
export async function organisationExists(db: Kysely<DB>, orgId: string): Promise<boolean> {
  const org = await db.selectFrom('organisations').select('id').where('id', '=', orgId).executeTakeFirst();
  return org !== undefined;
}
