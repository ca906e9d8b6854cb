import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isKeelError, type KeelErrorCode } from '../errors/index.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/index.ts';
import { createIdentityProvider, type IdentityProvider } from './identity-provider.ts';
import { ensureIdentitySchema, type IdentityTables } from './identity-schema.ts';
import { decodeProtectedHeader } from 'jose';
import type { Kysely } from 'kysely';

function rejectsWith(code: KeelErrorCode) {
  return (error: unknown) => isKeelError(error) && error.code === code;
}

for (const kind of testDatabaseKinds()) {
  describe(`identity accounts and transactions on ${kind}`, () => {
    let testDatabase: TestDatabase;
    let identity: IdentityProvider;

    before(async () => {
      testDatabase = await createTestDatabase(kind);
      await ensureIdentitySchema(testDatabase.database);
      identity = createIdentityProvider(testDatabase.database.db, { issuer: 'https://i.test', audience: 'api' });
    });
    after(() => testDatabase.dispose());

    test('within a transaction, every step runs on it: committed together, or not at all', async () => {
      const db = testDatabase.database.db as Kysely<IdentityTables>;
      // On PGlite the one session is the transaction's: the provider's own handle would wait for it forever.
      const userId = await db.transaction().execute(async (trx) => {
        const scoped = identity.within(trx);
        const user = await scoped.signUp('kept@example.com', 'correct horse battery');
        await scoped.issueTokensFor(user.id);
        return user.id;
      });
      assert.equal((await identity.signIn('kept@example.com', 'correct horse battery')).userId, userId);

      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await identity.within(trx).signUp('dropped@example.com', 'correct horse battery');
          throw new Error('the handler failed after signing up');
        }),
        /handler failed/,
      );
      await assert.rejects(
        identity.signIn('dropped@example.com', 'correct horse battery'),
        rejectsWith('KEEL_INVALID_CREDENTIALS'),
      );
    });

    test('concurrent lookups of a kid this instance has not loaded yet all wait for the one reload', async () => {
      const user = await identity.signUp('burst@example.com', 'correct horse battery');
      const token = (await identity.issueTokensFor(user.id)).accessToken;
      const header = decodeProtectedHeader(token);
      // Another instance: it learns of the key only from the database.
      const other = createIdentityProvider(testDatabase.database.db, { issuer: 'https://i.test', audience: 'api' });
      const lookup = { alg: String(header.alg), kid: String(header.kid) };
      const keys = await Promise.all(Array.from({ length: 16 }, () => other.resolveKey(lookup)));
      assert.equal(keys.filter((key) => key === undefined).length, 0);
    });

    test('updateAccount changes the email and the password; a taken email or a short password changes nothing', async () => {
      const ada = await identity.signUp('ada@example.com', 'first password!');
      await identity.signUp('bob@example.com', 'bobs password!');
      await assert.rejects(
        identity.updateAccount(ada.id, { email: 'BOB@example.com' }),
        rejectsWith('KEEL_EMAIL_TAKEN'),
      );
      await assert.rejects(
        identity.updateAccount(ada.id, { email: 'ada2@example.com', password: 'short' }),
        rejectsWith('KEEL_PASSWORD_REJECTED'),
      );
      assert.equal((await identity.signIn('ada@example.com', 'first password!')).userId, ada.id);

      const changed = await identity.updateAccount(ada.id, {
        email: 'Ada.New@example.com',
        password: 'second password!',
      });
      assert.equal(changed.email, 'ada.new@example.com');
      assert.equal((await identity.signIn('ada.new@example.com', 'second password!')).userId, ada.id);
      await assert.rejects(
        identity.signIn('ada.new@example.com', 'first password!'),
        rejectsWith('KEEL_INVALID_CREDENTIALS'),
      );
      await assert.rejects(
        identity.updateAccount(crypto.randomUUID(), { email: 'x@example.com' }),
        rejectsWith('KEEL_NOT_FOUND'),
      );
    });
  });
}
