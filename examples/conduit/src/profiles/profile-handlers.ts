import { KeelError, type OperationHandler } from 'keel';
import { sql, type Kysely } from 'kysely';
import type { operations } from '../generated/openapi.ts';
import { profileOf, viewerOf, type DB, type ProfileRow } from '../shared/index.ts';

type Handler<K extends keyof operations> = OperationHandler<operations[K], DB>;

/** A user by username, with whether the viewer follows them; KEEL_NOT_FOUND when there is none. */
async function profileByUsername(
  db: Kysely<DB>,
  username: string,
  viewer: string | null,
): Promise<ProfileRow & { id: string }> {
  const row = await db
    .selectFrom('users as u')
    .select(['u.id', 'u.username', 'u.bio', 'u.image'])
    .select(
      sql<boolean>`exists (select 1 from follows f where f.followed_id = u.id and f.follower_id = ${viewer}::uuid)`.as(
        'following',
      ),
    )
    .where('u.username', '=', username)
    .executeTakeFirst();
  if (row === undefined) throw new KeelError('KEEL_NOT_FOUND', `profile ${username} not found`);
  return row;
}

const GetProfileByUsername: Handler<'GetProfileByUsername'> = async (context) => {
  const row = await profileByUsername(context.db, context.params.username, viewerOf(context));
  return { status: 200, body: { profile: profileOf(row) } };
};

/** R-PRO-2: following is idempotent; no one follows themselves. */
const FollowUserByUsername: Handler<'FollowUserByUsername'> = async (context) => {
  const viewer = viewerOf(context) ?? '';
  const row = await profileByUsername(context.db, context.params.username, viewer);
  if (row.id === viewer) throw new KeelError('KEEL_CONFLICT', 'you cannot follow yourself');
  await context.db
    .insertInto('follows')
    .values({ follower_id: viewer, followed_id: row.id })
    .onConflict((conflict) => conflict.columns(['follower_id', 'followed_id']).doNothing())
    .execute();
  return { status: 200, body: { profile: profileOf({ ...row, following: true }) } };
};

const UnfollowUserByUsername: Handler<'UnfollowUserByUsername'> = async (context) => {
  const viewer = viewerOf(context) ?? '';
  const row = await profileByUsername(context.db, context.params.username, viewer);
  await context.db.deleteFrom('follows').where('follower_id', '=', viewer).where('followed_id', '=', row.id).execute();
  return { status: 200, body: { profile: profileOf({ ...row, following: false }) } };
};

export const profileHandlers = { GetProfileByUsername, FollowUserByUsername, UnfollowUserByUsername };
export { profileByUsername };
