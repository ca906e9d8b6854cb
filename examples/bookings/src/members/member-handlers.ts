import { randomUUID } from 'node:crypto';
import { KeelError } from 'keel';
import { sql } from 'kysely';
import {
  appUrl,
  decodeCursor,
  pageOf,
  sendMail,
  timestampText,
  uuidText,
  type HandlersFor,
  type Schemas,
} from '../shared/index.ts';
import { invitationLifetimeMs } from './invitation.ts';
import type { Role } from './role.ts';

/** Whether a database error is the LAST_ADMIN refusal of change_member_role or remove_member (migration 0009). */
const isLastAdmin = (error: unknown): boolean => error instanceof Error && error.message === 'LAST_ADMIN';

const lastAdmin = 'An organisation keeps at least one admin: make another member admin first.';

interface MemberRow {
  readonly user_id: string;
  readonly email: string;
  readonly role: Role;
  readonly created_at: Date;
}

const toMember = (row: MemberRow): Schemas['Member'] => ({
  userId: row.user_id,
  email: row.email,
  role: row.role,
  joinedAt: row.created_at.toISOString(),
});

/** R-MEM-1 to R-MEM-5: invitations, their acceptance, and the members of an organisation with their roles. */
export const memberHandlers: HandlersFor<
  'listMembers' | 'updateMember' | 'removeMember' | 'createInvitation' | 'acceptInvitation'
> = {
  async listMembers({ params, query, db, problem }) {
    const limit = query.limit ?? 20;
    let select = db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.user_id', 'users.email', 'memberships.role', 'memberships.created_at'])
      .select(sql<string>`memberships.created_at::text`.as('cursor_at'))
      .where('memberships.org_id', '=', params.orgId);
    if (query.cursor !== undefined) {
      const after = decodeCursor(query.cursor, [timestampText, uuidText]);
      if (after === undefined) return problem(400, 'INVALID_CURSOR', 'The cursor is not one this API returned.');
      const [joinedAt, userId] = [sql<Date>`cast(${after[0]} as timestamptz)`, after[1] as string];
      select = select.where((eb) =>
        eb.or([
          eb('memberships.created_at', '>', joinedAt),
          eb.and([eb('memberships.created_at', '=', joinedAt), eb('memberships.user_id', '>', userId)]),
        ]),
      );
    }
    const rows = await select
      .orderBy('memberships.created_at')
      .orderBy('memberships.user_id')
      .limit(limit + 1)
      .execute();
    return {
      status: 200,
      body: pageOf(
        rows,
        limit,
        (row) => toMember({ ...row, role: row.role as Role }),
        (row) => [row.cursor_at, row.user_id],
      ),
    };
  },

  async updateMember({ params, body, db, problem }) {
    try {
      // BR-MEM-1: the function locks the organisation's admins, so two demotions at once cannot leave none.
      const { rows } = await sql<{ user_id: string; role: Role; created_at: Date }>`
        select user_id, role, created_at from change_member_role(${params.orgId}, ${params.userId}, ${body.role})`.execute(
        db,
      );
      const row = rows[0];
      if (row === undefined) return problem(404, 'KEEL_NOT_FOUND', 'No such member of this organisation.');
      const user = await db.selectFrom('users').select('email').where('id', '=', row.user_id).executeTakeFirstOrThrow();
      return { status: 200, body: toMember({ ...row, email: user.email }) };
    } catch (error) {
      if (isLastAdmin(error)) return problem(409, 'LAST_ADMIN', lastAdmin);
      throw error;
    }
  },

  async removeMember({ params, db, problem }) {
    try {
      const { rows } = await sql<{ removed: boolean }>`
        select remove_member(${params.orgId}, ${params.userId}) as removed`.execute(db);
      if (rows[0]?.removed !== true) return problem(404, 'KEEL_NOT_FOUND', 'No such member of this organisation.');
      return { status: 204 };
    } catch (error) {
      if (isLastAdmin(error)) return problem(409, 'LAST_ADMIN', lastAdmin);
      throw error;
    }
  },

  async createInvitation({ params, body, db, principal, log }) {
    if (principal?.id === undefined)
      throw new KeelError('KEEL_INTERNAL', 'createInvitation is for admins, who are signed in');
    const organisation = await db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', params.orgId)
      .executeTakeFirstOrThrow();
    // No RETURNING: row-level security lets an admin create invitations, and no one read them back through the API.
    const row = {
      id: randomUUID(),
      org_id: params.orgId,
      email: body.email.toLowerCase(),
      role: body.role,
      invited_by: principal.id,
      created_at: new Date(),
    };
    await db.insertInto('invitations').values(row).execute();
    const expiresAt = new Date(row.created_at.getTime() + invitationLifetimeMs);
    await sendMail(
      {
        to: row.email,
        subject: `You are invited to ${organisation.name} on Bookings`,
        text: [
          `You are invited to join ${organisation.name} on Bookings as ${row.role === 'admin' ? 'an admin' : 'a member'}.`,
          `Sign in with this address and open the link below before ${expiresAt.toUTCString()}.`,
          '',
          appUrl(`/orgs/${params.orgId}/invitations/${row.id}`),
        ].join('\n'),
      },
      log,
    );
    return {
      status: 201,
      headers: { location: `/v1/orgs/${params.orgId}/invitations/${row.id}` },
      body: {
        id: row.id,
        orgId: row.org_id,
        email: row.email,
        role: row.role,
        createdAt: row.created_at.toISOString(),
        expiresAt: expiresAt.toISOString(),
        acceptedAt: null,
      },
    };
  },

  async acceptInvitation({ params, db, problem }) {
    // BR-MEM-3, in accept_invitation (migration 0009): the caller is not a member yet, so cannot see the invitation.
    const { rows } = await sql<{
      outcome: 'accepted' | 'not-found' | 'used' | 'expired';
      joined_org: string;
      joined_user: string;
      joined_role: Role;
      joined_at: Date;
    }>`select * from accept_invitation(${params.orgId}, ${params.invitationId})`.execute(db);
    const row = rows[0];
    switch (row?.outcome) {
      case 'accepted':
        return {
          status: 200,
          body: {
            orgId: row.joined_org,
            userId: row.joined_user,
            role: row.joined_role,
            joinedAt: row.joined_at.toISOString(),
          },
        };
      case 'used':
        return problem(410, 'INVITATION_USED', 'The invitation was accepted already.');
      case 'expired':
        return problem(410, 'INVITATION_EXPIRED', 'The invitation has expired; ask an admin for a new one.');
      default:
        return problem(404, 'KEEL_NOT_FOUND', 'No such invitation for your address.');
    }
  },
};
