import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely, type Transaction } from 'kysely';
import { createCheckContext } from '../journey/check-context.ts';
import { migrate, readMigrations } from '../migrations/index.ts';
import { proveReversibilityOn } from '../model/catalog/prove-reversibility.ts';
import { loadProject } from '../project/index.ts';
import { ensureApplicationRole } from '../runtime/access-control.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/test-databases.ts';
import { accessFacts } from './access-facts.ts';
import { accessStage } from './access-stage.ts';
import { createPolicySql, policiesFor, type AccessPolicy } from './row-level-security.ts';

const good = fileURLToPath(new URL('./fixtures/good/', import.meta.url));

const orgA = '00000000-0000-0000-0000-00000000000a';
const orgB = '00000000-0000-0000-0000-00000000000b';
const alice = '00000000-0000-0000-0000-0000000000a1';
const amos = '00000000-0000-0000-0000-0000000000a2';
const bella = '00000000-0000-0000-0000-0000000000b1';

interface Principal {
  readonly tenant: string;
  readonly id: string;
  readonly roles: readonly string[];
}

/** What the runtime's `scope()` runs at the start of each request transaction. */
async function scope(trx: Transaction<unknown>, principal: Principal): Promise<void> {
  await sql`select set_config('role', 'keel_app', true), set_config('keel.tenant', ${principal.tenant}, true),
    set_config('keel.principal', ${principal.id}, true), set_config('keel.roles', ${principal.roles.join(',')}, true)`.execute(
    trx,
  );
}

/** Runs fn in a request transaction as the principal, then rolls it back, so each test starts from the same rows. */
async function asPrincipal<T>(
  db: Kysely<unknown>,
  principal: Principal,
  fn: (trx: Transaction<unknown>) => Promise<T>,
) {
  let result: T | undefined;
  await db
    .transaction()
    .execute(async (trx) => {
      await scope(trx, principal);
      result = await fn(trx);
      throw new Error('roll back');
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error) || error.message !== 'roll back') throw error;
    });
  return result as T;
}

describe('policiesFor', () => {
  test('one policy per tenant table and command, from the operations on the table, in a fixed order', async () => {
    const context = createCheckContext(await loadProject(good));
    const access = await context.model(accessStage);
    assert.ok(access !== undefined);
    const tables = policiesFor(access, await accessFacts(access, context));
    assert.deepEqual(
      tables.map((table) => [table.table, table.policies.map((policy) => policy.name)]),
      [
        ['api_keys', ['keel_api_keys_insert', 'keel_api_keys_maintenance']],
        ['bookings', ['keel_bookings_select', 'keel_bookings_update', 'keel_bookings_maintenance']],
      ],
    );
    const update = tables[1]?.policies[1];
    assert.ok(update !== undefined);
    const text = createPolicySql(update);
    assert.match(
      text,
      /^-- keel_bookings_update: updateBooking \(admin, member where row.created_by = principal.id\)\n/,
    );
    assert.match(text, /for update\n {2}to "keel_app"\n {2}using \(/);
    assert.match(
      text,
      /"bookings"."created_by" = \(select nullif\(current_setting\('keel.principal', true\), ''\)::uuid\)/,
    );
    assert.match(text, /with check \(/);
  });

  test('each policy is factored: the tenant compared once, roles allowed alike tested together, a role allowed outright needing no condition, each setting read once per statement', async () => {
    const context = createCheckContext(await loadProject(good));
    const access = await context.model(accessStage);
    assert.ok(access !== undefined);
    const bookings = policiesFor(access, await accessFacts(access, context)).find(
      (table) => table.table === 'bookings',
    );
    const policy = (command: string) => bookings?.policies.find((each) => each.command === command);
    const held = (roles: string) =>
      `(select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array[${roles}])`;
    const tenant = `"bookings"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)`;
    // updateBooking lets a member update the rows they made, and an admin any; getBooking a member any.
    assert.equal(policy('select')?.using, `${tenant}\n    and ${held("'admin', 'integration', 'member'")}`);
    const update = policy('update')?.using ?? '';
    assert.equal(
      update,
      `${tenant}\n    and (\n      ${held("'admin'")}\n      or (${held("'member'")} and ` +
        `("bookings"."created_by" = (select nullif(current_setting('keel.principal', true), '')::uuid)))\n    )`,
    );
    assert.equal(policy('update')?.withCheck, update);
  });

  test('an operation whose bodies name no table (a DELETE answered 204) takes the x-keel-table it declares', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keel-rls-declared-'));
    try {
      await cp(good, dir, { recursive: true });
      const contract = await readFile(join(dir, 'openapi.yaml'), 'utf8');
      const cancel = `    delete:
      operationId: deleteBooking
      x-requirements: [R-BOOK-1]
      x-keel-table: bookings
      responses:
        '204':
          description: Deleted.
`;
      await writeFile(
        join(dir, 'openapi.yaml'),
        contract.replace(
          '    patch:\n      operationId: updateBooking',
          `${cancel}    patch:\n      operationId: updateBooking`,
        ),
      );
      const accessYaml = await readFile(join(dir, 'access.yaml'), 'utf8');
      await writeFile(
        join(dir, 'access.yaml'),
        accessYaml.replace('  createApiKey:', '  deleteBooking:\n    allow: [admin]\n  createApiKey:'),
      );
      const context = createCheckContext(await loadProject(dir));
      const access = await context.model(accessStage);
      assert.ok(access !== undefined);
      const facts = await accessFacts(access, context);
      assert.equal(facts.operations.get('deleteBooking')?.table, 'bookings');
      const bookings = policiesFor(access, facts).find((table) => table.table === 'bookings');
      assert.ok(bookings?.policies.some((policy) => policy.name === 'keel_bookings_delete'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a condition on the row secures its table without tenancy too, and a non-tenant table gets no tenant term', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keel-rls-owned-'));
    try {
      await cp(good, dir, { recursive: true });
      // No tenancy: users own their bookings; API keys are anyone's to create (no condition, so no policy).
      await writeFile(
        join(dir, 'access.yaml'),
        `version: 1
roles:
  visitor: { kind: anonymous }
  user: { kind: authenticated }
authentication:
  bearer: { type: jwt, issuer: https://x.example.com, audience: x, algorithms: [ES256], keys: managed }
operations:
  getBooking:
    allow: { user: row.created_by = principal.id }
  updateBooking:
    allow: { user: row.created_by = principal.id }
  createApiKey:
    allow: [user]
`,
      );
      const context = createCheckContext(await loadProject(dir));
      const access = await context.model(accessStage);
      assert.ok(access !== undefined);
      const tables = policiesFor(access, await accessFacts(access, context));
      assert.deepEqual(
        tables.map((table) => [table.table, table.policies.map((policy) => policy.name)]),
        [['bookings', ['keel_bookings_select', 'keel_bookings_update', 'keel_bookings_maintenance']]],
      );
      const select = createPolicySql(tables[0]?.policies[0] as AccessPolicy);
      assert.match(
        select,
        /"bookings"."created_by" = \(select nullif\(current_setting\('keel.principal', true\), ''\)::uuid\)/,
      );
      assert.doesNotMatch(select, /keel.tenant/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

for (const kind of testDatabaseKinds()) {
  describe(`row-level security from access.yaml on ${kind}`, () => {
    let testDatabase: TestDatabase;
    let db: Kysely<unknown>;

    before(async () => {
      testDatabase = await createTestDatabase(kind);
      db = testDatabase.database.db as Kysely<unknown>;
      const migrations = await readMigrations(`${good}migrations`);
      assert.deepEqual(await proveReversibilityOn(testDatabase.database, migrations), [], 'the policies reverse');
      await migrate(testDatabase.database, migrations);
      // As the owner, which the maintenance policy leaves its access: two tenants, bookings by three people.
      await sql`insert into organisations (id, name) values (${orgA}, 'A'), (${orgB}, 'B')`.execute(db);
      await sql`insert into bookings (org_id, created_by, starts_at, ends_at, notes) values
        (${orgA}, ${alice}, now(), now() + interval '1 hour', 'alice'),
        (${orgA}, ${amos}, now(), now() + interval '1 hour', 'amos'),
        (${orgB}, ${bella}, now(), now() + interval '1 hour', 'bella')`.execute(db);
      await ensureApplicationRole(db);
    });
    after(() => testDatabase.dispose());

    test('an unscoped select returns only the tenant’s rows', async () => {
      const member = { tenant: orgA, id: alice, roles: ['member'] };
      const rows = await asPrincipal(db, member, (trx) =>
        sql<{ notes: string }>`select * from bookings order by notes`.execute(trx),
      );
      assert.deepEqual(
        rows.rows.map((row) => row.notes),
        ['alice', 'amos'],
      );
      const other = await asPrincipal(db, { tenant: orgB, id: bella, roles: ['integration'] }, (trx) =>
        sql<{ notes: string }>`select * from bookings`.execute(trx),
      );
      assert.deepEqual(
        other.rows.map((row) => row.notes),
        ['bella'],
      );
      const nobody = await asPrincipal(db, { tenant: '', id: '', roles: [] }, (trx) =>
        sql`select * from bookings`.execute(trx),
      );
      assert.equal(nobody.rows.length, 0, 'no roles, no tenant: nothing');
    });

    test('an insert for another tenant is refused; one for the own tenant is not', async () => {
      const admin = { tenant: orgA, id: alice, roles: ['admin', 'member'] };
      const insert = (org: string) => (trx: Transaction<unknown>) =>
        sql`insert into api_keys (org_id, name, prefix, hash) values (${org}, 'k', 'bk_', 'h')`.execute(trx);
      await assert.rejects(asPrincipal(db, admin, insert(orgB)), /row-level security/);
      await asPrincipal(db, admin, insert(orgA));
      await assert.rejects(
        asPrincipal(db, { tenant: orgA, id: alice, roles: ['member'] }, insert(orgA)),
        /row-level security/,
        'a member may not create API keys',
      );
    });

    test('the owner condition limits a member’s updates to the rows they made; an admin updates any', async () => {
      const update = (trx: Transaction<unknown>) =>
        sql<{ notes: string }>`update bookings set notes = notes || '!' returning notes`.execute(trx);
      const member = await asPrincipal(db, { tenant: orgA, id: alice, roles: ['member'] }, update);
      assert.deepEqual(
        member.rows.map((row) => row.notes),
        ['alice!'],
      );
      const admin = await asPrincipal(db, { tenant: orgA, id: alice, roles: ['admin', 'member'] }, update);
      assert.deepEqual(admin.rows.map((row) => row.notes).sort(), ['alice!', 'amos!']);
      await assert.rejects(
        asPrincipal(db, { tenant: orgA, id: alice, roles: ['member'] }, (trx) =>
          sql`update bookings set org_id = ${orgB}`.execute(trx),
        ),
        /row-level security/,
        'a row cannot be moved to another tenant',
      );
    });
  });
}
