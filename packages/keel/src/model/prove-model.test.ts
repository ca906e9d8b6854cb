import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testDatabaseKinds, testPostgresUrl } from '../testing/index.ts';
import { testMigration } from './catalog/catalog-test-helpers.ts';
import type { QueriesDeclaration } from './plans/index.ts';
import { phaseTimings } from './proof-timings.ts';
import { proveModel } from './prove-model.ts';

const members = testMigration(
  1,
  'members',
  `create table members (id uuid primary key default gen_random_uuid(), org_id uuid not null, role text not null,
     created_at timestamptz not null default now());
   create index members_org_id_created_at on members (org_id, created_at);`,
  'drop table members;',
);

/** Leaves its index behind: up, down, up then fails, so the proof's database is not what `migrate` builds. */
const irreversible = testMigration(
  2,
  'index_members_by_role',
  'create index members_role on members (role);',
  'select 1;',
);

const at = { file: 'queries.yaml' };
const declaration: QueriesDeclaration = {
  file: 'queries.yaml',
  queries: [
    {
      name: 'members-of-organisation',
      sql: 'select * from members where org_id = $1 order by created_at limit $2',
      params: [{ sample: true }, 20],
      page: true,
      at,
    },
    { name: 'members-by-role', sql: 'select * from members where role = $1', params: ['admin'], page: false, at },
  ],
  seed: { rows: 5000, tables: {}, at },
  problems: [],
};

for (const kind of testDatabaseKinds()) {
  describe(`proveModel on ${kind}`, () => {
    const databaseUrl = kind === 'postgres' ? testPostgresUrl() : undefined;

    test('the plans run on the proof’s database, with the indexes built again after seeding', async () => {
      const timings = phaseTimings();
      const proof = await proveModel({ migrations: [members], declaration, databaseUrl, timings });
      assert.deepEqual(proof.reversibility, []);
      assert.equal(proof.plans?.rows['members'], 5000);
      assert.deepEqual(proof.plans.seedFailures, []);
      const [paged, byRole] = proof.plans.plans;
      assert.deepEqual(paged?.problems, [], 'the deferred index serves the page');
      assert.match(JSON.stringify(paged?.plan), /members_org_id_created_at/);
      assert.deepEqual(
        byRole?.problems.map((problem) => problem.kind),
        ['seq-scan'],
      );
      assert.equal(timings.totals.has('build indexes'), true);
      assert.equal(timings.totals.has('start database'), true);
    });

    test('after a down step that does not undo its up step, the plans are left to a database of their own', async () => {
      const proof = await proveModel({ migrations: [members, irreversible], declaration, databaseUrl });
      assert.deepEqual(
        proof.reversibility.map((issue) => issue.kind),
        ['irreversible', 'failed'],
      );
      assert.equal(proof.plans, undefined);
    });
  });
}
