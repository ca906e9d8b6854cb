import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';

/** The handle introspection queries run on: any Kysely instance (typed or not) or transaction. */
export type CatalogReader = QueryExecutorProvider;

/**
 * Schemas that belong to the user: not PostgreSQL's own, not temporary ones, and not `keel`, where Keel keeps its
 * bookkeeping (`keel.schema_migrations`). `namespace` is the alias of a `pg_namespace` row.
 */
export function userSchema(namespace: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${namespace}.nspname`)} not in ('pg_catalog', 'information_schema', 'pg_toast', 'keel')
    and ${sql.ref(`${namespace}.nspname`)} !~ '^pg_(toast_)?temp_')`;
}

/** Whether the object `objectId` of `catalog` (e.g. `pg_class`) is not a member of an extension, which owns it. */
export function notFromExtension(catalog: string, objectId: string): RawBuilder<boolean> {
  return sql<boolean>`not exists (select from pg_catalog.pg_depend dep where dep.classid = ${sql.lit(catalog)}::regclass
    and dep.objid = ${sql.ref(objectId)} and dep.deptype = 'e')`;
}

/**
 * Privileges of relation `relation` (a `pg_class` alias) held by roles other than its owner, as `grantee PRIVILEGE`.
 * A never-granted relation (null ACL) and one granted then revoked read the same.
 */
export function grantsOf(relation: string): RawBuilder<string[]> {
  const alias = (column: string) => sql.ref(`${relation}.${column}`);
  return sql<
    string[]
  >`array(select (case when acl.grantee = 0 then 'public' else pg_catalog.pg_get_userbyid(acl.grantee)::text end)
      || ' ' || acl.privilege_type || case when acl.is_grantable then ' with grant option' else '' end
    from pg_catalog.aclexplode(coalesce(${alias('relacl')}, pg_catalog.acldefault(
      case when ${alias('relkind')} = 'S' then 's'::"char" else 'r'::"char" end, ${alias('relowner')}))) acl
    where acl.grantee <> ${alias('relowner')})`;
}

/** `name` in the public schema, `schema.name` elsewhere: how objects are named to the user. */
export function qualifiedName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

/** Sorts by the given keys in code-unit order, which no database collation can change. */
export function sortedBy<T>(rows: readonly T[], key: (row: T) => readonly string[]): T[] {
  const keyed = rows.map((row) => ({ row, key: key(row) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map((entry) => entry.row);
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const left = a[index] ?? '';
    const right = b[index] ?? '';
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

/** A sorted copy, in code-unit order. */
export function sortedStrings(values: readonly string[]): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
