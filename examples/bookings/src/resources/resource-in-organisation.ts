import type { Kysely } from 'kysely';
import type { DB } from '../shared/index.ts';

/**
 * The resource, when it belongs to the organisation: a resource id from another tenant is unknown here (BR-TEN-1).
 * `archived` says whether it can still be booked (BR-RES-1).
 */
export async function resourceInOrganisation(
  db: Kysely<DB>,
  orgId: string,
  resourceId: string,
): Promise<{ readonly archived: boolean } | undefined> {
  const resource = await db
    .selectFrom('resources')
    .select('archived_at')
    .where('org_id', '=', orgId)
    .where('id', '=', resourceId)
    .executeTakeFirst();
  return resource === undefined ? undefined : { archived: resource.archived_at !== null };
}
