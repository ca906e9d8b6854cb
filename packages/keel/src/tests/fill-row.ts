import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

interface ColumnFact {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly hasDefault: boolean;
}

interface ForeignKey {
  readonly column: string;
  readonly table: string;
  readonly key: string;
}

/**
 * Inserts a row into a table of the migrated schema, as its owner, with the given values and a plausible value for
 * every other column that needs one (not null, no default); a column referencing another table gets a new row there.
 * This is how `keel test` provisions tenants and principals without knowing the project's tables.
 *
 * @example
 * const org = await fillRow(db, 'organisations', {}); // { id: '…', name: 'keel test 1a2b', slug: 'keel-test-1a2b', … }
 */
export async function fillRow(
  db: Kysely<unknown>,
  table: string,
  values: Readonly<Record<string, unknown>>,
  depth = 0,
): Promise<Record<string, unknown>> {
  const columns = await columnsOf(db, table);
  if (columns.length === 0) throw new Error(`there is no table ${table}`);
  const foreignKeys = await foreignKeysOf(db, table);
  const row: Record<string, unknown> = { ...values };
  const tag = randomBytes(4).toString('hex');
  for (const column of columns) {
    if (column.name in row || column.nullable || column.hasDefault) continue;
    const reference = foreignKeys.find((key) => key.column === column.name);
    if (reference !== undefined && depth < 3) {
      const parent = await fillRow(db, reference.table, {}, depth + 1);
      row[column.name] = parent[reference.key];
      continue;
    }
    row[column.name] = plausibleValue(column, tag);
  }
  const names = Object.keys(row);
  const { rows } = await sql<Record<string, unknown>>`insert into ${sql.table(table)} (${sql.join(
    names.map((name) => sql.ref(name)),
  )}) values (${sql.join(names.map((name) => row[name]))}) returning *`.execute(db);
  return rows[0] ?? row;
}

/** A value that passes the usual checks: lower-case slugs, e-mail shapes, lengths within a few hundred. */
function plausibleValue(column: ColumnFact, tag: string): unknown {
  const name = column.name.toLowerCase();
  switch (column.type) {
    case 'uuid':
      return randomUUID();
    case 'boolean':
      return false;
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'numeric':
    case 'real':
    case 'double precision':
      return 1;
    case 'date':
      return '2030-01-01';
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      return '2030-01-01T00:00:00Z';
    case 'jsonb':
    case 'json':
      return '{}';
    default:
      if (name.includes('email')) return `keel-${tag}@example.test`;
      return `keel-test-${tag}`;
  }
}

async function columnsOf(db: Kysely<unknown>, table: string): Promise<ColumnFact[]> {
  const { rows } = await sql<{
    name: string;
    type: string;
    nullable: string;
    default_value: string | null;
    identity: string;
  }>`
    select column_name as name, data_type as type, is_nullable as nullable, column_default as default_value,
      is_identity as identity, is_generated as generated
    from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}
    order by ordinal_position`.execute(db);
  return rows.map((row) => ({
    name: row.name,
    type: row.type,
    nullable: row.nullable === 'YES',
    hasDefault: row.default_value !== null || row.identity === 'YES',
  }));
}

async function foreignKeysOf(db: Kysely<unknown>, table: string): Promise<ForeignKey[]> {
  const { rows } = await sql<ForeignKey>`
    select source.attname as column, target_table.relname as table, target.attname as key
    from pg_constraint c
    join pg_class source_table on source_table.oid = c.conrelid
    join pg_namespace n on n.oid = source_table.relnamespace and n.nspname = current_schema()
    join pg_class target_table on target_table.oid = c.confrelid
    join pg_attribute source on source.attrelid = c.conrelid and source.attnum = c.conkey[1]
    join pg_attribute target on target.attrelid = c.confrelid and target.attnum = c.confkey[1]
    where c.contype = 'f' and source_table.relname = ${table} and cardinality(c.conkey) = 1`.execute(db);
  return rows;
}
