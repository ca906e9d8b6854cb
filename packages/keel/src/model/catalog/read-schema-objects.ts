import { sql } from 'kysely';
import type {
  ExtensionSnapshot,
  FunctionKind,
  FunctionSnapshot,
  SchemaSnapshot,
  SequenceSnapshot,
  TypeSnapshot,
  ViewSnapshot,
} from './catalog-snapshot.ts';
import { grantsOf, notFromExtension, sortedStrings, userSchema, type CatalogReader } from './catalog-sql.ts';

const functionKinds: Readonly<Record<string, FunctionKind>> = {
  f: 'function',
  p: 'procedure',
  a: 'aggregate',
  w: 'window',
};

/** The user's schemas (`public` included). */
export async function readSchemas(db: CatalogReader): Promise<SchemaSnapshot[]> {
  const { rows } = await sql<SchemaSnapshot>`
    select n.nspname::text as name, pg_catalog.obj_description(n.oid, 'pg_namespace') as comment
    from pg_catalog.pg_namespace n
    where ${userSchema('n')} and ${notFromExtension('pg_namespace', 'n.oid')}`.execute(db);
  return rows;
}

/** Installed extensions, `plpgsql` included. */
export async function readExtensions(db: CatalogReader): Promise<ExtensionSnapshot[]> {
  const { rows } = await sql<ExtensionSnapshot>`
    select e.extname::text as name, e.extversion::text as version, n.nspname::text as schema
    from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace`.execute(db);
  return rows;
}

/**
 * Enum, domain, standalone composite and range types (not a table's row type, not array types). A domain's NOT NULL
 * is `notNull` only: PostgreSQL 17 also lists it as a constraint, 15 does not.
 */
export async function readTypes(db: CatalogReader): Promise<TypeSnapshot[]> {
  const { rows } = await sql<{
    schema: string;
    name: string;
    kind: string;
    comment: string | null;
    labels: string[];
    base_type: string | null;
    not_null: boolean;
    default: string | null;
    collation: string | null;
    constraints: string[];
    attributes: string[];
    subtype: string | null;
  }>`
    select n.nspname::text as schema, t.typname::text as name, t.typtype::text as kind,
      pg_catalog.obj_description(t.oid, 'pg_type') as comment,
      array(select e.enumlabel::text from pg_catalog.pg_enum e where e.enumtypid = t.oid order by e.enumsortorder) as labels,
      case when t.typtype = 'd' then pg_catalog.format_type(t.typbasetype, t.typtypmod) end as base_type,
      t.typnotnull as not_null, t.typdefault as default,
      (select co.collname::text from pg_catalog.pg_collation co join pg_catalog.pg_type b on b.oid = t.typbasetype
        where t.typtype = 'd' and co.oid = t.typcollation and t.typcollation <> b.typcollation) as collation,
      array(select con.conname::text || ': ' || pg_catalog.pg_get_constraintdef(con.oid)
        from pg_catalog.pg_constraint con where con.contypid = t.oid and con.contype <> 'n') as constraints,
      array(select a.attname::text || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
        from pg_catalog.pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped
        order by a.attnum) as attributes,
      (select pg_catalog.format_type(r.rngsubtype, null) from pg_catalog.pg_range r where r.rngtypid = t.oid) as subtype
    from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
    where ${userSchema('n')} and ${notFromExtension('pg_type', 't.oid')}
      and (t.typtype in ('e', 'd', 'r')
        or (t.typtype = 'c' and (select c.relkind from pg_catalog.pg_class c where c.oid = t.typrelid) = 'c'))`.execute(
    db,
  );
  return rows.map((row): TypeSnapshot => {
    const base = { schema: row.schema, name: row.name, comment: row.comment };
    switch (row.kind) {
      case 'e':
        return { ...base, kind: 'enum', labels: row.labels };
      case 'd':
        return {
          ...base,
          kind: 'domain',
          baseType: row.base_type ?? '',
          notNull: row.not_null,
          default: row.default,
          collation: row.collation,
          constraints: sortedStrings(row.constraints),
        };
      case 'r':
        return { ...base, kind: 'range', subtype: row.subtype ?? '' };
      default:
        return { ...base, kind: 'composite', attributes: row.attributes };
    }
  });
}

/** Sequences, with the serial or identity column that owns each. */
export async function readSequences(db: CatalogReader): Promise<SequenceSnapshot[]> {
  const { rows } = await sql<SequenceSnapshot>`
    select n.nspname::text as schema, c.relname::text as name, pg_catalog.format_type(s.seqtypid, null) as type,
      s.seqstart::text as start, s.seqincrement::text as increment, s.seqmin::text as min, s.seqmax::text as max,
      s.seqcache::text as cache, s.seqcycle as cycle,
      (select case when tn.nspname = 'public' then '' else tn.nspname::text || '.' end
          || t.relname::text || '.' || a.attname::text
        from pg_catalog.pg_depend d
          join pg_catalog.pg_class t on t.oid = d.refobjid
          join pg_catalog.pg_namespace tn on tn.oid = t.relnamespace
          join pg_catalog.pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
        where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid
          and d.refclassid = 'pg_catalog.pg_class'::regclass and d.deptype in ('a', 'i')
        limit 1) as "ownedBy",
      ${grantsOf('c')} as grants
    from pg_catalog.pg_sequence s
      join pg_catalog.pg_class c on c.oid = s.seqrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where ${userSchema('n')} and ${notFromExtension('pg_class', 'c.oid')}`.execute(db);
  return rows.map((row) => ({ ...row, grants: sortedStrings(row.grants) }));
}

/** Views and materialized views. */
export async function readViews(db: CatalogReader): Promise<ViewSnapshot[]> {
  const { rows } = await sql<ViewSnapshot>`
    select n.nspname::text as schema, c.relname::text as name, c.relkind = 'm' as materialized,
      pg_catalog.pg_get_viewdef(c.oid) as definition, coalesce(c.reloptions, '{}')::text[] as options,
      ${grantsOf('c')} as grants, pg_catalog.obj_description(c.oid, 'pg_class') as comment
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('v', 'm') and ${userSchema('n')} and ${notFromExtension('pg_class', 'c.oid')}`.execute(db);
  return rows.map((row) => ({ ...row, options: sortedStrings(row.options), grants: sortedStrings(row.grants) }));
}

/**
 * Functions, procedures and aggregates the user wrote: those an extension installed are the extension's, and a range
 * type's constructors are part of the type.
 */
export async function readFunctions(db: CatalogReader): Promise<FunctionSnapshot[]> {
  const { rows } = await sql<{
    schema: string;
    name: string;
    kind: string;
    arguments: string;
    result: string | null;
    definition: string | null;
    comment: string | null;
  }>`
    select n.nspname::text as schema, p.proname::text as name, p.prokind::text as kind,
      pg_catalog.pg_get_function_identity_arguments(p.oid) as arguments,
      pg_catalog.pg_get_function_result(p.oid) as result,
      case when p.prokind <> 'a' then pg_catalog.pg_get_functiondef(p.oid) end as definition,
      pg_catalog.obj_description(p.oid, 'pg_proc') as comment
    from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where ${userSchema('n')} and ${notFromExtension('pg_proc', 'p.oid')}
      and not exists (select from pg_catalog.pg_depend dep where dep.classid = 'pg_catalog.pg_proc'::regclass
        and dep.objid = p.oid and dep.deptype = 'i')`.execute(db);
  return rows.map((row) => ({ ...row, kind: functionKinds[row.kind] ?? 'function' }));
}
