import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApp, type KeelApp } from 'keel';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from 'keel/testing';

/** The public RealWorld conformance suite, as published with the API's specification. */
const collection = fileURLToPath(new URL('./realworld/Conduit.postman_collection.json', import.meta.url));
const project = fileURLToPath(new URL('..', import.meta.url));

/** The part of newman's library interface used here (newman ships no types). */
interface NewmanSummary {
  readonly run: {
    readonly stats: { readonly requests: { readonly total: number }; readonly assertions: Stat };
    readonly failures: readonly { readonly error: { readonly message: string }; readonly source?: { name?: string } }[];
  };
}
interface Stat {
  readonly total: number;
  readonly failed: number;
}
type RunOptions = Readonly<Record<string, unknown>>;
const newman = createRequire(import.meta.url)('newman') as {
  run(options: RunOptions, callback: (error: Error | null, summary: NewmanSummary) => void): void;
};

function runCollection(baseUrl: string): Promise<NewmanSummary> {
  // A fresh user per run: the collection registers one and expects the name to be free.
  const username = `keel${randomBytes(5).toString('hex')}`;
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection,
        envVar: [
          { key: 'APIURL', value: baseUrl },
          { key: 'USERNAME', value: username },
          { key: 'EMAIL', value: `${username}@example.com` },
          { key: 'PASSWORD', value: 'correct horse battery staple' },
        ],
        delayRequest: 5,
        timeoutRequest: 20_000,
        reporters: [],
      },
      (error, summary) => (error === null ? resolve(summary) : reject(error)),
    );
  });
}

for (const kind of testDatabaseKinds()) {
  describe(`the RealWorld Postman collection against conduit on ${kind}`, () => {
    let testDatabase: TestDatabase;
    let app: KeelApp;
    let baseUrl: string;

    before(async () => {
      testDatabase = await createTestDatabase(kind);
      app = await createApp({ dir: project, database: testDatabase.database, mode: 'test' });
      baseUrl = await app.listen({ port: 0 });
    });
    after(async () => {
      await app?.close();
      await testDatabase?.dispose();
    });

    test('every request answers and every assertion of the collection passes', async () => {
      const summary = await runCollection(baseUrl);
      const failures = summary.run.failures.map(
        (failure) => `${failure.source?.name ?? '?'}: ${failure.error.message}`,
      );
      assert.deepEqual(failures, []);
      assert.equal(summary.run.stats.requests.total, 32);
      assert.ok(summary.run.stats.assertions.total > 200, `${summary.run.stats.assertions.total} assertions ran`);
    });
  });
}
