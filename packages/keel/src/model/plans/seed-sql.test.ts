import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatalogSnapshot, ColumnSnapshot, IndexSnapshot } from '../catalog/index.ts';
import { emptySnapshot, tableSnapshot } from '../catalog/catalog-test-helpers.ts';
import { planSeed } from './seed-sql.ts';

const column = (name: string, type: string, extra: Partial<ColumnSnapshot> = {}): ColumnSnapshot => ({
  schema: 'public',
  table: 'members',
  name,
  type,
  notNull: true,
  default: null,
  identity: null,
  generated: null,
  collation: null,
  comment: null,
  ...extra,
});

const index = (name: string, definition: string, constraint: string | null = null): IndexSnapshot => ({
  schema: 'public',
  table: 'members',
  name,
  definition,
  valid: true,
  constraint,
});

const members: CatalogSnapshot = {
  ...emptySnapshot(),
  tables: [tableSnapshot('members')],
  columns: [
    column('id', 'uuid', { default: 'gen_random_uuid()' }),
    column('email', 'text'),
    column('role', 'text', { default: "'member'::text" }),
  ],
  constraints: [
    { schema: 'public', table: 'members', name: 'members_pkey', type: 'primary key', definition: 'PRIMARY KEY (id)' },
  ],
  indexes: [
    index('members_pkey', 'CREATE UNIQUE INDEX members_pkey ON public.members USING btree (id)', 'members_pkey'),
    index('members_email_key', 'CREATE UNIQUE INDEX members_email_key ON public.members USING btree (lower(email))'),
    index('members_role', 'CREATE INDEX members_role ON public.members USING btree (role)'),
  ],
};

test('plain indexes are built after the rows go in; unique and constraint indexes check the rows as they arrive', () => {
  const seed = planSeed(members, 100, {});
  assert.deepEqual(seed.deferredIndexes, [
    {
      table: 'members',
      name: 'members_role',
      drop: 'drop index public.members_role',
      create: 'CREATE INDEX members_role ON public.members USING btree (role)',
    },
  ]);
  const withoutTable = planSeed({ ...members, tables: [] }, 100, {});
  assert.deepEqual(withoutTable.deferredIndexes, [], 'no seeding step, nothing deferred');
});

test('a random UUID default gets a distinct hashed value per row; other defaults are used', () => {
  const [step] = planSeed(members, 100, {}).steps;
  assert.match(step?.sql ?? '', /^insert into members \(id, email\)\nselect md5\('members\.id\.' \|\| g\.i\)::uuid, /);
  assert.doesNotMatch(step?.sql ?? '', /\brole\b/);
});
