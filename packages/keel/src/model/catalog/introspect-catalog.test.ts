import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrate, parseMigrationFile, type Migration } from '../../migrations/index.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../testing/index.ts';
import type { CatalogSnapshot } from './catalog-snapshot.ts';
import { emptySnapshot } from './catalog-test-helpers.ts';
import { introspectCatalog } from './introspect-catalog.ts';

const fixture = new URL('fixtures/0001_every_object_kind.sql', import.meta.url);

async function everyObjectKind(): Promise<Migration> {
  return parseMigrationFile(fixture.pathname, await readFile(fixture, 'utf8'));
}

/** PostgreSQL 16 stopped qualifying a view's columns with their table when there is one table. */
function viewDefinitions(serverVersion: number): { entryCounts: string; resourceNames: string } {
  return serverVersion >= 160000
    ? {
        entryCounts: ' SELECT resource_id,\n    count(*) AS entries\n   FROM audit.entries\n  GROUP BY resource_id;',
        resourceNames: " SELECT id,\n    name\n   FROM resources\n  WHERE (status <> 'cancelled'::booking_status);",
      }
    : {
        entryCounts:
          ' SELECT entries.resource_id,\n    count(*) AS entries\n   FROM audit.entries\n  GROUP BY entries.resource_id;',
        resourceNames:
          " SELECT resources.id,\n    resources.name\n   FROM resources\n  WHERE (resources.status <> 'cancelled'::booking_status);",
      };
}

for (const kind of testDatabaseKinds()) {
  describe(`introspectCatalog on ${kind}`, () => {
    let testDatabase: TestDatabase;

    before(async () => {
      testDatabase = await createTestDatabase(kind, { extensions: ['btree_gist'] });
    });
    after(() => testDatabase.dispose());

    test('an empty database holds the public schema and plpgsql; Keel’s own schema is left out', async () => {
      await migrate(testDatabase.database, []);
      assert.deepEqual(await introspectCatalog(testDatabase.database), emptySnapshot());
    });

    test('reads every object kind, sorted by name, with no OID', async () => {
      const { database } = testDatabase;
      await migrate(database, [await everyObjectKind()]);
      const { rows } = await sql<{ server: number; btree_gist: string }>`select
        current_setting('server_version_num')::int as server,
        (select default_version from pg_available_extensions where name = 'btree_gist') as btree_gist`.execute(
        database.db,
      );
      const [versions] = rows;
      assert.ok(versions !== undefined);
      const snapshot = await introspectCatalog(database);
      assert.deepEqual(snapshot, expectedSnapshot(versions.btree_gist, viewDefinitions(versions.server)));
      assert.deepEqual(await introspectCatalog(database.db), snapshot, 'a Kysely handle reads the same');
    });
  });
}

function expectedSnapshot(
  btreeGistVersion: string,
  views: { entryCounts: string; resourceNames: string },
): CatalogSnapshot {
  return {
    schemas: [
      {
        name: 'audit',
        comment: 'Who changed what',
      },
      {
        name: 'public',
        comment: 'standard public schema',
      },
    ],
    extensions: [
      {
        name: 'btree_gist',
        version: btreeGistVersion,
        schema: 'public',
      },
      {
        name: 'plpgsql',
        version: '1.0',
        schema: 'pg_catalog',
      },
    ],
    types: [
      {
        schema: 'public',
        name: 'address',
        comment: null,
        kind: 'composite',
        attributes: ['street text', 'city text'],
      },
      {
        schema: 'public',
        name: 'booking_status',
        comment: 'Where a booking stands',
        kind: 'enum',
        labels: ['pending', 'confirmed', 'cancelled'],
      },
      {
        schema: 'public',
        name: 'email',
        comment: null,
        kind: 'domain',
        baseType: 'text',
        notNull: true,
        default: "'nobody@example.com'::text",
        collation: 'C',
        constraints: ["email_has_at: CHECK ((VALUE ~ '@'::text))"],
      },
      {
        schema: 'public',
        name: 'price_range',
        comment: null,
        kind: 'range',
        subtype: 'numeric',
      },
    ],
    tables: [
      {
        schema: 'audit',
        name: 'entries',
        kind: 'table',
        persistence: 'unlogged',
        rowSecurity: false,
        forceRowSecurity: false,
        options: [],
        inherits: [],
        partitionKey: null,
        partitionBound: null,
        grants: [],
        comment: null,
      },
      {
        schema: 'public',
        name: 'resources',
        kind: 'table',
        persistence: 'permanent',
        rowSecurity: true,
        forceRowSecurity: true,
        options: ['fillfactor=90'],
        inherits: [],
        partitionKey: null,
        partitionBound: null,
        grants: ['public SELECT'],
        comment: 'Things members book',
      },
    ],
    columns: [
      {
        schema: 'audit',
        table: 'entries',
        name: 'during',
        type: 'tstzrange',
        notNull: true,
        default: null,
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
      {
        schema: 'audit',
        table: 'entries',
        name: 'id',
        type: 'integer',
        notNull: true,
        default: "nextval('audit.entries_id_seq'::regclass)",
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
      {
        schema: 'audit',
        table: 'entries',
        name: 'note',
        type: 'text',
        notNull: false,
        default: null,
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
      {
        schema: 'audit',
        table: 'entries',
        name: 'resource_id',
        type: 'bigint',
        notNull: true,
        default: null,
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
      {
        schema: 'public',
        table: 'resources',
        name: 'contact',
        type: 'email',
        notNull: false,
        default: null,
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
      {
        schema: 'public',
        table: 'resources',
        name: 'created_at',
        type: 'timestamp with time zone',
        notNull: true,
        default: 'now()',
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
      {
        schema: 'public',
        table: 'resources',
        name: 'id',
        type: 'bigint',
        notNull: true,
        default: null,
        identity: 'always',
        generated: null,
        collation: null,
        comment: null,
      },
      {
        schema: 'public',
        table: 'resources',
        name: 'name',
        type: 'text',
        notNull: true,
        default: null,
        identity: null,
        generated: null,
        collation: 'C',
        comment: 'Shown to members',
      },
      {
        schema: 'public',
        table: 'resources',
        name: 'name_length',
        type: 'integer',
        notNull: false,
        default: null,
        identity: null,
        generated: 'char_length(name)',
        collation: null,
        comment: null,
      },
      {
        schema: 'public',
        table: 'resources',
        name: 'status',
        type: 'booking_status',
        notNull: true,
        default: "'pending'::booking_status",
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
    ],
    constraints: [
      {
        schema: 'audit',
        table: 'entries',
        name: 'entries_no_overlap',
        type: 'exclusion',
        definition: 'EXCLUDE USING gist (resource_id WITH =, during WITH &&)',
      },
      {
        schema: 'audit',
        table: 'entries',
        name: 'entries_pkey',
        type: 'primary key',
        definition: 'PRIMARY KEY (id)',
      },
      {
        schema: 'audit',
        table: 'entries',
        name: 'entries_resource_id_fkey',
        type: 'foreign key',
        definition: 'FOREIGN KEY (resource_id) REFERENCES resources(id) ON DELETE CASCADE',
      },
      {
        schema: 'public',
        table: 'resources',
        name: 'resources_name_key',
        type: 'unique',
        definition: 'UNIQUE (name)',
      },
      {
        schema: 'public',
        table: 'resources',
        name: 'resources_pkey',
        type: 'primary key',
        definition: 'PRIMARY KEY (id)',
      },
    ],
    indexes: [
      {
        schema: 'audit',
        table: 'entries',
        name: 'entries_no_overlap',
        definition: 'CREATE INDEX entries_no_overlap ON audit.entries USING gist (resource_id, during)',
        valid: true,
        constraint: 'entries_no_overlap',
      },
      {
        schema: 'audit',
        table: 'entries',
        name: 'entries_note_idx',
        definition: 'CREATE INDEX entries_note_idx ON audit.entries USING btree (lower(note)) WHERE (note IS NOT NULL)',
        valid: true,
        constraint: null,
      },
      {
        schema: 'audit',
        table: 'entries',
        name: 'entries_pkey',
        definition: 'CREATE UNIQUE INDEX entries_pkey ON audit.entries USING btree (id)',
        valid: true,
        constraint: 'entries_pkey',
      },
      {
        schema: 'public',
        table: 'entry_counts',
        name: 'entry_counts_resource_id',
        definition: 'CREATE UNIQUE INDEX entry_counts_resource_id ON public.entry_counts USING btree (resource_id)',
        valid: true,
        constraint: null,
      },
      {
        schema: 'public',
        table: 'resources',
        name: 'resources_name_key',
        definition: 'CREATE UNIQUE INDEX resources_name_key ON public.resources USING btree (name)',
        valid: true,
        constraint: 'resources_name_key',
      },
      {
        schema: 'public',
        table: 'resources',
        name: 'resources_pkey',
        definition: 'CREATE UNIQUE INDEX resources_pkey ON public.resources USING btree (id)',
        valid: true,
        constraint: 'resources_pkey',
      },
    ],
    sequences: [
      {
        schema: 'audit',
        name: 'entries_id_seq',
        type: 'integer',
        start: '1',
        increment: '1',
        min: '1',
        max: '2147483647',
        cache: '1',
        cycle: false,
        ownedBy: 'audit.entries.id',
        grants: [],
      },
      {
        schema: 'public',
        name: 'invoice_numbers',
        type: 'integer',
        start: '1000',
        increment: '10',
        min: '1000',
        max: '99999',
        cache: '1',
        cycle: true,
        ownedBy: null,
        grants: [],
      },
      {
        schema: 'public',
        name: 'resources_id_seq',
        type: 'bigint',
        start: '1',
        increment: '1',
        min: '1',
        max: '9223372036854775807',
        cache: '1',
        cycle: false,
        ownedBy: 'resources.id',
        grants: [],
      },
    ],
    views: [
      {
        schema: 'public',
        name: 'entry_counts',
        materialized: true,
        definition: views.entryCounts,
        options: [],
        grants: [],
        comment: null,
      },
      {
        schema: 'public',
        name: 'resource_names',
        materialized: false,
        definition: views.resourceNames,
        options: [],
        grants: [],
        comment: null,
      },
    ],
    functions: [
      {
        schema: 'audit',
        name: 'forget',
        kind: 'procedure',
        arguments: 'IN resource bigint',
        result: null,
        definition:
          'CREATE OR REPLACE PROCEDURE audit.forget(IN resource bigint)\n LANGUAGE sql\nAS $procedure$ delete from audit.entries where resource_id = resource $procedure$\n',
        comment: null,
      },
      {
        schema: 'audit',
        name: 'normalise_note',
        kind: 'function',
        arguments: '',
        result: 'trigger',
        definition:
          'CREATE OR REPLACE FUNCTION audit.normalise_note()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$\nbegin\n  new.note := trim(new.note);\n  return new;\nend\n$function$\n',
        comment: null,
      },
      {
        schema: 'public',
        name: 'longer',
        kind: 'function',
        arguments: 'a text, b text',
        result: 'text',
        definition:
          "CREATE OR REPLACE FUNCTION public.longer(a text, b text)\n RETURNS text\n LANGUAGE sql\n IMMUTABLE\nRETURN CASE WHEN (char_length(b) > char_length(COALESCE(a, ''::text))) THEN b ELSE a END\n",
        comment: null,
      },
      {
        schema: 'public',
        name: 'longest',
        kind: 'aggregate',
        arguments: 'text',
        result: 'text',
        definition: null,
        comment: null,
      },
    ],
    triggers: [
      {
        schema: 'audit',
        table: 'entries',
        name: 'entries_normalise',
        definition:
          'CREATE TRIGGER entries_normalise BEFORE INSERT OR UPDATE ON audit.entries FOR EACH ROW EXECUTE FUNCTION audit.normalise_note()',
        state: 'disabled',
      },
    ],
    policies: [
      {
        schema: 'public',
        table: 'resources',
        name: 'resources_insert',
        command: 'insert',
        permissive: false,
        roles: ['public'],
        using: null,
        withCheck: '(char_length(name) < 100)',
      },
      {
        schema: 'public',
        table: 'resources',
        name: 'resources_named',
        command: 'select',
        permissive: true,
        roles: ['public'],
        using: "(name <> ''::text)",
        withCheck: null,
      },
    ],
  };
}
