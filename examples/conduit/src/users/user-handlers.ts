import { KeelError, type HandlerContext, type OperationHandler } from 'keel';
import type { operations } from '../generated/openapi.ts';
import type { DB } from '../shared/index.ts';

type Handler<K extends keyof operations> = OperationHandler<operations[K], DB>;

interface UserRow {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly bio: string;
  readonly image: string;
}

function userBody(row: UserRow, token: string) {
  return { user: { email: row.email, token, username: row.username, bio: row.bio, image: row.image } };
}

function identityOf(context: Pick<HandlerContext, 'identity'>) {
  if (context.identity === undefined) {
    throw new KeelError('KEEL_INTERNAL', 'access.yaml configures no Keel-managed keys, so no one can sign in.');
  }
  return context.identity;
}

/** The token the caller sent (`Authorization: Token <jwt>`), handed back as the contract's User has it. */
function sentToken(headers: Readonly<Record<string, unknown>>): string {
  const value = headers['authorization'];
  return typeof value === 'string' ? value.replace(/^\S+\s+/, '').trim() : '';
}

async function takenBy(context: HandlerContext<unknown, unknown, unknown, unknown, DB>, username?: string) {
  if (username === undefined) return;
  const holder = await context.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (holder !== undefined && holder.id !== context.principal?.id) {
    throw new KeelError('KEEL_CONFLICT', 'username has already been taken');
  }
}

const selectUser = ['id', 'username', 'email', 'bio', 'image'] as const;

/** R-USR-1: registration creates the identity (email, password) and the profile (username) under one id. */
const CreateUser: Handler<'CreateUser'> = async (context) => {
  const { username, email, password } = context.body.user;
  await takenBy(context, username);
  const identity = identityOf(context);
  const account = await identity.signUp(email, password);
  const row = await context.db
    .insertInto('users')
    .values({ id: account.id, username, email: account.email })
    .returning(selectUser)
    .executeTakeFirstOrThrow();
  const tokens = await identity.issueTokensFor(account.id);
  return { status: 201, body: userBody(row, tokens.accessToken) };
};

/** R-USR-2: an email and password give a token; a wrong pair is a 401 that does not say which part was wrong. */
const Login: Handler<'Login'> = async (context) => {
  const { email, password } = context.body.user;
  const tokens = await identityOf(context).signIn(email, password);
  const row = await context.db
    .selectFrom('users')
    .select(selectUser)
    .where('id', '=', tokens.userId)
    .executeTakeFirstOrThrow();
  return { status: 200, body: userBody(row, tokens.accessToken) };
};

const GetCurrentUser: Handler<'GetCurrentUser'> = async (context) => {
  const row = await context.db
    .selectFrom('users')
    .select(selectUser)
    .where('id', '=', context.principal?.id ?? '')
    .executeTakeFirst();
  if (row === undefined) throw new KeelError('KEEL_NOT_FOUND', 'user not found');
  return { status: 200, body: userBody(row, sentToken(context.headers)) };
};

/** R-USR-3: email and password change in the identity, the rest in the profile; nothing changes when one part fails. */
const UpdateCurrentUser: Handler<'UpdateCurrentUser'> = async (context) => {
  const id = context.principal?.id ?? '';
  const { email, password, username, bio, image } = context.body.user;
  await takenBy(context, username);
  const account =
    email === undefined && password === undefined
      ? undefined
      : await identityOf(context).updateAccount(id, {
          ...(email === undefined ? {} : { email }),
          ...(password === undefined ? {} : { password }),
        });
  const changes = {
    ...(account === undefined || email === undefined ? {} : { email: account.email }),
    ...(username === undefined ? {} : { username }),
    ...(bio === undefined ? {} : { bio }),
    ...(image === undefined ? {} : { image }),
  };
  const row =
    Object.keys(changes).length === 0
      ? await context.db.selectFrom('users').select(selectUser).where('id', '=', id).executeTakeFirst()
      : await context.db
          .updateTable('users')
          .set(changes)
          .where('id', '=', id)
          .returning(selectUser)
          .executeTakeFirst();
  if (row === undefined) throw new KeelError('KEEL_NOT_FOUND', 'user not found');
  return { status: 200, body: userBody(row, sentToken(context.headers)) };
};

export const userHandlers = { CreateUser, Login, GetCurrentUser, UpdateCurrentUser };
