import type { CatalogSnapshot, ColumnSnapshot, ConstraintSnapshot, IndexSnapshot } from '../catalog/index.ts';

/** One table's seeding step: the generated INSERT, or the project's own SQL from queries.yaml. */
export interface SeedStep {
  /** `schema.name`, or the bare name in `public`. */
  readonly table: string;
  readonly sql: string;
  readonly source: 'generated' | 'queries.yaml';
}

export interface SeedPlan {
  readonly steps: readonly SeedStep[];
  /** Tables that cannot be generated, with the reason; the project writes their INSERT in queries.yaml. */
  readonly unseedable: readonly { readonly table: string; readonly reason: string }[];
  /**
   * Indexes to drop before the rows go in and build again after: one build over all rows costs far less than
   * updating the index row by row. Only plain, non-unique indexes of ordinary tables: a unique index or a
   * constraint checks the rows as they arrive, and may be needed by a foreign key.
   */
  readonly deferredIndexes: readonly DeferredIndex[];
}

export interface DeferredIndex {
  /** The seeding step of the table it indexes. */
  readonly table: string;
  readonly name: string;
  /** `drop index "schema"."name"`. */
  readonly drop: string;
  /** `CREATE INDEX …` as `pg_get_indexdef` gives it: the same index, built again. */
  readonly create: string;
}

/** A parent with children has about this many: like a large tenant, so per-parent queries meet real volumes. */
const childrenPerParent = 1000;
/** Every generated timestamp is the row number times this step after the base: ranges never overlap. */
const timeStep = "interval '2 hours'";
const timeBase = "timestamptz '2025-01-01 00:00:00+00'";
/** Defaults that draw random UUIDs: slow on PGlite (its random source), and no better a key than a hashed row number. */
const randomUuidDefault = /^(?:[a-z_][a-z0-9_]*\.)?(?:gen_random_uuid|uuid_generate_v4)\(\)$/;

interface ForeignKey {
  readonly columns: readonly string[];
  readonly parent: string;
  readonly parentColumns: readonly string[];
}

/**
 * Set-based INSERT … SELECT … FROM generate_series statements that fill every table of the catalog with `rows` rows,
 * parents first. Values follow the constraints it can read from the catalog: foreign keys pick existing parent rows,
 * `col = ANY (ARRAY[…])` checks cycle through the list, `a > b` checks put a an hour after b, unique columns get
 * sequence-based values, and timestamps grow by two hours a row, so ranges built from them never overlap (exclusion
 * constraints hold). Nullable columns without a rule are left null; columns with a non-time default use it, except
 * random UUIDs, which get distinct hashed values.
 */
export function planSeed(
  catalog: CatalogSnapshot,
  rows: number,
  overrides: Readonly<Record<string, string>>,
): SeedPlan {
  const tables = catalog.tables.filter((table) => table.kind !== 'foreign table' && table.partitionBound === null);
  const names = tables.map((table) => qualified(table.schema, table.name));
  const foreignKeys = new Map(names.map((name) => [name, [] as ForeignKey[]]));
  for (const constraint of catalog.constraints) {
    const fk = constraint.type === 'foreign key' ? readForeignKey(constraint) : undefined;
    if (fk !== undefined) foreignKeys.get(qualified(constraint.schema, constraint.table))?.push(fk);
  }
  const steps: SeedStep[] = [];
  const unseedable: { table: string; reason: string }[] = [];
  for (const name of parentsFirst(names, foreignKeys)) {
    const override = overrides[name];
    if (override !== undefined) {
      steps.push({ table: name, sql: override, source: 'queries.yaml' });
      continue;
    }
    const [schema, table] = splitName(name);
    const columns = catalog.columns.filter((column) => column.schema === schema && column.table === table);
    const constraints = catalog.constraints.filter((c) => c.schema === schema && c.table === table);
    const result = insertFor(name, columns, constraints, foreignKeys.get(name) ?? [], catalog, rows);
    if (typeof result === 'string') steps.push({ table: name, sql: result, source: 'generated' });
    else unseedable.push({ table: name, reason: result.reason });
  }
  const seeded = new Set(steps.map((step) => step.table));
  return { steps, unseedable, deferredIndexes: deferredIndexes(catalog, seeded) };
}

function deferredIndexes(catalog: CatalogSnapshot, seeded: ReadonlySet<string>): DeferredIndex[] {
  const ordinary = new Set(
    catalog.tables
      .filter((table) => table.kind === 'table' && table.inherits.length === 0 && table.partitionBound === null)
      .map((table) => qualified(table.schema, table.name)),
  );
  return catalog.indexes
    .filter((index) => index.constraint === null && index.valid && /^CREATE INDEX /.test(index.definition))
    .map((index): [IndexSnapshot, string] => [index, qualified(index.schema, index.table)])
    .filter(([, table]) => ordinary.has(table) && seeded.has(table))
    .map(([index, table]) => ({
      table,
      name: qualified(index.schema, index.name),
      drop: `drop index ${ident(index.schema)}.${ident(index.name)}`,
      create: index.definition,
    }));
}

function insertFor(
  name: string,
  columns: readonly ColumnSnapshot[],
  constraints: readonly ConstraintSnapshot[],
  foreignKeys: readonly ForeignKey[],
  catalog: CatalogSnapshot,
  rows: number,
): string | { reason: string } {
  const checks = constraints.filter((c) => c.type === 'check').map((c) => c.definition);
  const uniqueSets = constraints
    .filter((c) => c.type === 'unique' || c.type === 'primary key')
    .map((c) => columnList(c.definition));
  const values = new Map<string, string>();
  const joins: string[] = [];
  for (const [index, fk] of foreignKeys.entries()) {
    if (fk.parent === name) continue; // a self-reference stays null (or the table needs an override)
    const alias = `parent_${index}`;
    const oneToOne = uniqueSets.some(
      (set) => set.length === fk.columns.length && set.every((c) => fk.columns.includes(c)),
    );
    const spread = Math.max(1, Math.floor(rows / childrenPerParent));
    const parents = oneToOne ? 'g.i' : `1 + g.i % ${spread}`;
    const keys = fk.parentColumns.map(ident).join(', ');
    const parentRows = `select ${keys}, row_number() over (order by ${keys}) as n from ${fk.parent}`;
    joins.push(
      `join (${parentRows} order by ${keys} limit ${oneToOne ? rows : spread}) as ${alias} on ${alias}.n = ${parents}`,
    );
    for (const [position, column] of fk.columns.entries()) {
      values.set(column, `${alias}.${ident(fk.parentColumns[position] ?? column)}`);
    }
  }
  const later: ColumnSnapshot[] = [];
  for (const column of columns) {
    if (values.has(column.name) || column.identity !== null || column.generated !== null) continue;
    const choices = checks.map((check) => inList(check, column.name)).find((list) => list !== undefined);
    if (choices !== undefined) {
      values.set(column.name, `(${choices})[1 + g.i % cardinality(${choices})]`);
      continue;
    }
    if (checks.some((check) => greaterThan(check, column.name) !== undefined)) {
      later.push(column);
      continue;
    }
    const value = valueFor(column, catalog);
    if (value === 'default') continue;
    if (value === undefined) {
      if (!column.notNull) continue;
      return { reason: `no value can be generated for column ${column.name} (${column.type})` };
    }
    values.set(column.name, value);
  }
  for (const column of later) {
    const smaller = checks.map((check) => greaterThan(check, column.name)).find((other) => other !== undefined) ?? '';
    const base = values.get(smaller) ?? valueFor(column, catalog);
    const step = /time|date/.test(column.type) ? "interval '1 hour'" : '1';
    values.set(column.name, `${base ?? 'null'} + ${step}`);
  }
  const targets = [...values.keys()];
  if (targets.length === 0) return `insert into ${name} select from generate_series(1, ${rows}) as g(i)`;
  return (
    `insert into ${name} (${targets.map(ident).join(', ')})\n` +
    `select ${targets.map((column) => values.get(column)).join(', ')}\n` +
    `from generate_series(1, ${rows}) as g(i)` +
    joins.map((join) => `\n${join}`).join('')
  );
}

/** A value for row `g.i`; `default` to leave the column to its default; undefined when none is known. */
function valueFor(column: ColumnSnapshot, catalog: CatalogSnapshot): string | undefined {
  const type = column.type;
  if (type.endsWith('[]')) return "'{}'";
  if (/^(timestamp|date)/.test(type)) return `(${timeBase} + g.i * ${timeStep})::${type}`;
  if (type === 'tstzrange' || type === 'tsrange') {
    return `${type}(${timeBase} + g.i * ${timeStep}, ${timeBase} + g.i * ${timeStep} + interval '1 hour')`;
  }
  if (type === 'uuid' && randomUuidDefault.test(column.default ?? '')) return uuidFor(column);
  if (column.default !== null) return 'default';
  const text = /^(text|character varying|character|citext|name)\b/.exec(type);
  if (text !== null) {
    const prefix = column.name
      .toLowerCase()
      .replaceAll(/[^a-z0-9]+/g, '-')
      .slice(0, 10);
    const limit = /\((\d+)\)/.exec(type)?.[1];
    const value = `'${prefix}-' || g.i`;
    return limit === undefined ? value : `right(${value}, ${limit})`;
  }
  if (type === 'uuid') return uuidFor(column);
  if (/^(bigint|integer|numeric|real|double precision)/.test(type)) return `g.i::${type}`;
  if (type === 'smallint') return '(g.i % 32000)::smallint';
  if (type === 'boolean') return 'g.i % 2 = 0';
  if (type === 'jsonb' || type === 'json') return `'{}'::${type}`;
  if (type === 'bytea') return "decode(md5(g.i::text), 'hex')";
  if (type === 'interval') return "interval '1 hour'";
  if (type === 'inet') return `('10.0.0.0'::inet + g.i)`;
  const enumType = catalog.types.find(
    (candidate) =>
      candidate.kind === 'enum' && [candidate.name, `${candidate.schema}.${candidate.name}`].includes(type),
  );
  if (enumType?.kind === 'enum' && enumType.labels.length > 0) {
    return `(enum_range(null::${type}))[1 + g.i % ${enumType.labels.length}]`;
  }
  return undefined;
}

function uuidFor(column: ColumnSnapshot): string {
  return `md5('${column.table}.${column.name}.' || g.i)::uuid`;
}

/** `CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))` → `ARRAY['a'::text, 'b'::text]` for status. */
function inList(definition: string, column: string): string | undefined {
  const match = new RegExp(`\\(\\(?${escape(column)}\\)?(?:::\\w+)? = ANY \\((ARRAY\\[[^\\]]*\\])`).exec(definition);
  return match?.[1];
}

/** `CHECK ((ends_at > starts_at))` → `starts_at` for ends_at. */
function greaterThan(definition: string, column: string): string | undefined {
  return new RegExp(`\\(${escape(column)} >=? ([a-z_][a-z0-9_]*)\\)`).exec(definition)?.[1];
}

/** `FOREIGN KEY (a, b) REFERENCES parent(x, y) …`, as pg_get_constraintdef writes it. */
function readForeignKey(constraint: ConstraintSnapshot): ForeignKey | undefined {
  const match = /^FOREIGN KEY \(([^)]*)\) REFERENCES ([^(]+)\(([^)]*)\)/.exec(constraint.definition);
  if (match === null) return undefined;
  const parent = (match[2] ?? '').trim();
  return {
    columns: splitColumns(match[1] ?? ''),
    parent: parent.includes('.') ? parent : qualified(constraint.schema, parent),
    parentColumns: splitColumns(match[3] ?? ''),
  };
}

function columnList(definition: string): string[] {
  return splitColumns(/\(([^)]*)\)/.exec(definition)?.[1] ?? '');
}

function splitColumns(list: string): string[] {
  return list.split(',').map((column) => column.trim().replaceAll('"', ''));
}

/** Parents before children; tables in a cycle keep their catalog order. */
function parentsFirst(names: readonly string[], foreignKeys: ReadonlyMap<string, readonly ForeignKey[]>): string[] {
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string): void => {
    if (ordered.includes(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const fk of foreignKeys.get(name) ?? []) if (names.includes(fk.parent)) visit(fk.parent);
    ordered.push(name);
  };
  for (const name of names) visit(name);
  return ordered;
}

function qualified(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

function splitName(name: string): [string, string] {
  const dot = name.indexOf('.');
  return dot === -1 ? ['public', name] : [name.slice(0, dot), name.slice(dot + 1)];
}

function ident(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
