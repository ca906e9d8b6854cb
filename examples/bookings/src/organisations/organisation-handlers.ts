import { constraintViolation, KeelError } from 'keel';
import { sql } from 'kysely';
import type { HandlersFor, OrganisationRow, Schemas } from '../shared/index.ts';

const toOrganisation = (row: OrganisationRow): Schemas['Organisation'] => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  createdAt: row.created_at.toISOString(),
});

/** R-ORG-1 and R-ORG-2: creating an organisation and reading it. */
export const organisationHandlers: HandlersFor<'createOrganisation' | 'getOrganisation'> = {
  async createOrganisation({ body, db, problem }) {
    try {
      // BR-MEM-2: the organisation and its creator's admin membership, in one statement (migration 0008).
      const { rows } =
        await sql<OrganisationRow>`select * from create_organisation(${body.name}, ${body.slug})`.execute(db);
      const row = rows[0];
      if (row === undefined) throw new KeelError('KEEL_INTERNAL', 'create_organisation returned no row');
      return { status: 201, body: toOrganisation(row), headers: { location: `/v1/orgs/${row.id}` } };
    } catch (error) {
      if (constraintViolation(error)?.constraint === 'organisations_slug_key') {
        return problem(409, 'ORGANISATION_SLUG_TAKEN', `The slug "${body.slug}" is already used.`);
      }
      throw error;
    }
  },

  async getOrganisation({ params, db, problem }) {
    const row = await db.selectFrom('organisations').selectAll().where('id', '=', params.orgId).executeTakeFirst();
    if (row === undefined) return problem(404, 'KEEL_NOT_FOUND', 'No such organisation.');
    return { status: 200, body: toOrganisation(row) };
  },
};
