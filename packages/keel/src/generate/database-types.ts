import type { CatalogSnapshot, ColumnSnapshot, TableSnapshot } from '../model/catalog/index.ts';
import { generatedBanner } from './contract-types.ts';
import { createTypeResolver, helperDeclarations, pascalCase, type HelperType } from './postgres-types.ts';

/** Keel's own tables (schema_migrations) are not the application's. */
const keelSchema = 'keel';

const generatedDeclarations = {
  Generated: [
    '/** Has a default or is an identity: may be left out on insert. */',
    'export type Generated<T> =',
    '  T extends ColumnType<infer S, infer I, infer U> ? ColumnType<S, I | undefined, U> : ColumnType<T, T | undefined, T>;',
  ].join('\n'),
  GeneratedAlways: [
    '/** `generated always`: written by the database only. */',
    'export type GeneratedAlways<T> =',
    '  T extends ColumnType<infer S, unknown, unknown> ? ColumnType<S, never, never> : ColumnType<T, never, never>;',
  ].join('\n'),
} as const;

/** Names the file declares itself, which a table's interface must not take. */
const reservedNames = new Set([
  'ColumnType',
  'DB',
  'Generated',
  'GeneratedAlways',
  'Int8',
  'Numeric',
  'Timestamp',
  'Json',
  'JsonValue',
  'JsonArray',
  'JsonObject',
  'JsonPrimitive',
]);

/**
 * The TypeScript source of a Kysely `DB` interface for the tables of a catalog snapshot, in the style of
 * kysely-codegen: an interface per table, `Generated<T>` for columns with a default or identity, `T | null` for
 * nullable ones, a string-literal union per enum type. The same snapshot always gives the same text, so
 * `keel gen --check` can compare whole files.
 *
 * @example
 * const source = generateDatabaseTypes(await introspectCatalog(database), 'migrations');
 */
export function generateDatabaseTypes(snapshot: CatalogSnapshot, source: string): string {
  const resolver = createTypeResolver(snapshot);
  const helpers = new Set<HelperType>();
  const generated = new Set<keyof typeof generatedDeclarations>();
  const tables = sortedBy(
    snapshot.tables.filter((table) => table.schema !== keelSchema),
    (table) => `${table.schema}\u0000${table.name}`,
  );
  const columnsOf = new Map<string, ColumnSnapshot[]>();
  for (const column of sortedBy(snapshot.columns, (column) => column.name)) {
    const key = `${column.schema}.${column.table}`;
    columnsOf.set(key, [...(columnsOf.get(key) ?? []), column]);
  }

  const interfaces: string[] = [];
  const entries: string[] = [];
  const taken = new Set(reservedNames);
  const bodies = tables.map((table) => {
    const lines = (columnsOf.get(`${table.schema}.${table.name}`) ?? []).map((column) => {
      const type = resolver.resolve(column.type);
      for (const name of type.helpers) helpers.add(name);
      const value = column.notNull ? type.column : `${type.column} | null`;
      const wrapper = generatedWrapper(column);
      if (wrapper !== undefined) generated.add(wrapper);
      return `  ${propertyName(column.name)}: ${wrapper === undefined ? value : `${wrapper}<${value}>`};`;
    });
    return { table, lines };
  });
  for (const name of resolver.usedEnums.keys()) taken.add(name);
  for (const { table, lines } of bodies) {
    const name = interfaceName(table, taken);
    taken.add(name);
    interfaces.push(`export interface ${name} {\n${lines.join('\n')}\n}`);
    entries.push(
      `  ${propertyName(table.schema === 'public' ? table.name : `${table.schema}.${table.name}`)}: ${name};`,
    );
  }

  const enums = sortedBy([...resolver.usedEnums], ([name]) => name).map(([name, type]) => {
    const labels = type.labels.map(quoted).join(' | ');
    return `export type ${name} = ${labels === '' ? 'never' : labels};`;
  });
  const declarations = [
    ...(['Generated', 'GeneratedAlways'] as const)
      .filter((name) => generated.has(name))
      .map((name) => generatedDeclarations[name]),
    ...(Object.keys(helperDeclarations) as HelperType[])
      .filter((name) => helpers.has(name))
      .map((name) => helperDeclarations[name]),
    ...enums,
  ];
  const sections = [
    `${generatedBanner(source)}/* eslint-disable */`,
    ...(generated.size > 0 || helpers.size > 0 ? ["import type { ColumnType } from 'kysely';"] : []),
    ...declarations,
    ...interfaces,
    entries.length === 0 ? 'export interface DB {}' : `export interface DB {\n${entries.join('\n')}\n}`,
  ];
  return `${sections.join('\n\n')}\n`;
}

/** Sorted by code point, not locale: the same order on every machine. */
function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const left = key(a);
    const right = key(b);
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

/** `generated always` (identity or stored expression) cannot be written; a default or `by default` may be. */
function generatedWrapper(column: ColumnSnapshot): 'Generated' | 'GeneratedAlways' | undefined {
  if (column.generated !== null || column.identity === 'always') return 'GeneratedAlways';
  if (column.default !== null || column.identity !== null) return 'Generated';
  return undefined;
}

function interfaceName(table: TableSnapshot, taken: ReadonlySet<string>): string {
  const name = pascalCase(table.schema === 'public' ? table.name : `${table.schema}_${table.name}`);
  if (!taken.has(name)) return name;
  let candidate = `${name}Table`;
  for (let suffix = 2; taken.has(candidate); suffix += 1) candidate = `${name}Table${suffix}`;
  return candidate;
}

function propertyName(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : quoted(name);
}

function quoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
