import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds } from '../testing/index.ts';
import { handlers } from './fixtures/widgets/handlers.ts';
import { createApp } from './index.ts';

const fixture = fileURLToPath(new URL('./fixtures/widgets', import.meta.url));
const skip = testDatabaseKinds().includes('postgres') ? false : 'needs PostgreSQL (KEEL_TEST_DATABASES)';

test('instances starting together on one PostgreSQL database migrate once and both serve', { skip }, async () => {
  const testDatabase = await createTestDatabase('postgres');
  try {
    const url = testDatabase.url as string;
    const apps = await Promise.all(
      Array.from({ length: 3 }, () => createApp({ dir: fixture, handlers, databaseUrl: url, mode: 'test' })),
    );
    try {
      const applied = await sql<{ version: number }>`select version from keel.schema_migrations`.execute(
        testDatabase.database.db,
      );
      assert.deepEqual(
        applied.rows.map((row) => row.version),
        [1],
      );
      for (const app of apps) assert.equal((await app.inject('/readyz')).statusCode, 200);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  } finally {
    await testDatabase.dispose();
  }
});
