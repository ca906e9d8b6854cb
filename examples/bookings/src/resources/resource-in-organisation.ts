import type { Kysely } from 'kysely';
import type { DB } from '../shared/index.ts';

/** Whether the resource belongs to the organisation: a resource id from another tenant is unknown here (BR-TEN-1). */
export async function resourceInOrganisation(db: Kysely<DB>, orgId: string, resourceId: string): Promise<boolean> {
  const resource = await db
    .selectFrom('resources')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', resourceId)
    .executeTakeFirst();
  return resource !== undefined;
}
