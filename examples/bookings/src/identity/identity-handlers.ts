import { KeelError } from 'keel';
import { sql } from 'kysely';
import { appUrl, secretHash, sendMail, type HandlersFor } from '../shared/index.ts';
import { newSignInCode } from './sign-in-code.ts';

/**
 * R-AUTH-1 and R-AUTH-2: a sign-in code by email, exchanged once for an access token (ADR-0003). No password exists;
 * the first sign-in of an address creates its user.
 */
export const identityHandlers: HandlersFor<'requestSignInCode' | 'signIn'> = {
  async requestSignInCode({ body, db, log }) {
    // BR-AUTH-4: the same work and the same answer for every address, known or not: nothing here looks the user up.
    const email = body.email.toLowerCase();
    const code = newSignInCode(new Date());
    await db.insertInto('sign_in_codes').values({ hash: code.hash, email, expires_at: code.expiresAt }).execute();
    await sendMail(
      {
        to: email,
        subject: 'Your sign-in link',
        text: [
          'Open this link to sign in to Bookings. It works once, within 15 minutes.',
          '',
          appUrl(`/sign-in?code=${code.code}`),
          '',
          'If you did not ask to sign in, ignore this message.',
        ].join('\n'),
      },
      log,
    );
    return { status: 202 };
  },

  async signIn({ body, db, identity, problem }) {
    if (identity === undefined)
      throw new KeelError('KEEL_INTERNAL', 'access.yaml names no managed bearer scheme to issue tokens with');
    // BR-AUTH-1: one statement marks the code used, so two concurrent sign-ins with it cannot both succeed.
    const used = await db
      .updateTable('sign_in_codes')
      .set({ used_at: sql<Date>`now()` })
      .where('hash', '=', secretHash(body.code))
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('email')
      .executeTakeFirst();
    if (used === undefined) {
      return problem(401, 'SIGN_IN_CODE_INVALID', 'The sign-in code is unknown, used or expired; request another.');
    }
    const { rows } = await sql<{ id: string }>`
      insert into users (email) values (${used.email})
      on conflict ((lower(email))) do update set email = users.email
      returning id`.execute(db);
    const userId = rows[0]?.id;
    if (userId === undefined) throw new KeelError('KEEL_INTERNAL', 'the user was neither found nor created');
    const tokens = await identity.issueTokensFor(userId);
    return {
      status: 200,
      body: { accessToken: tokens.accessToken, tokenType: 'Bearer', expiresIn: tokens.expiresIn, userId },
    };
  },
};
