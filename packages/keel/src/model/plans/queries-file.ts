import type { Location } from '../../journey/finding.ts';
import type { SourceFile } from '../../source/index.ts';

/** The project file that declares the queries whose plans the model gate proves. */
export const queriesFile = 'queries.yaml';

/** A parameter's value: a literal, or `sample` for any value (the plan is then the generic one). */
export type QueryParam = string | number | boolean | null | { readonly sample: true };

/** One named query of queries.yaml. */
export interface DeclaredQuery {
  readonly name: string;
  /** The contract's operationId it serves, for messages. */
  readonly operation?: string;
  /** SQL with `$1`, `$2`, … parameters. */
  readonly sql: string;
  readonly params: readonly QueryParam[];
  /** The query returns a page (LIMIT): a sort without an index is then an error. */
  readonly page: boolean;
  readonly at: Location;
}

export interface SeedSettings {
  /** Rows generated per table. */
  readonly rows: number;
  /** SQL scripts that fill a table instead of the generated INSERT, by table name. */
  readonly tables: Readonly<Record<string, string>>;
  readonly at: Location;
}

export interface QueriesDeclaration {
  readonly file: string;
  readonly queries: readonly DeclaredQuery[];
  readonly seed: SeedSettings;
  /** What is wrong with the file's shape; the queries that are well formed are still proven. */
  readonly problems: readonly { readonly message: string; readonly at: Location }[];
}

export const defaultSeedRows = 50_000;

/** Reads queries.yaml's parsed value, collecting every problem of shape rather than stopping at the first. */
export function readQueriesDeclaration(source: SourceFile): QueriesDeclaration {
  const problems: { message: string; at: Location }[] = [];
  const at = (pointer: string): Location => ({ file: source.displayPath, ...source.locate(pointer) });
  const problem = (pointer: string, message: string): void => {
    problems.push({ message: `${source.displayPath}: ${message}`, at: at(pointer) });
  };
  const root = isRecord(source.value) ? source.value : {};
  if (!isRecord(source.value)) problem('', 'expected a mapping with `queries` and optionally `seed`');

  const queries: DeclaredQuery[] = [];
  const entries = Array.isArray(root['queries']) ? (root['queries'] as unknown[]) : [];
  if (root['queries'] !== undefined && !Array.isArray(root['queries'])) problem('/queries', '`queries` must be a list');
  for (const [index, entry] of entries.entries()) {
    const pointer = `/queries/${index}`;
    if (!isRecord(entry) || typeof entry['name'] !== 'string' || typeof entry['sql'] !== 'string') {
      problem(pointer, `query ${index + 1} needs a \`name\` and an \`sql\` text`);
      continue;
    }
    const params = readParams(entry['params'], (message) => problem(`${pointer}/params`, message));
    const operation = typeof entry['operation'] === 'string' ? { operation: entry['operation'] } : {};
    const page = entry['page'] === undefined ? /\blimit\b/i.test(entry['sql']) : entry['page'] === true;
    queries.push({ name: entry['name'], ...operation, sql: entry['sql'], params, page, at: at(pointer) });
  }

  const seed = isRecord(root['seed']) ? root['seed'] : {};
  const rows = seed['rows'] ?? defaultSeedRows;
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 1) {
    problem('/seed/rows', '`seed.rows` must be a positive integer');
  }
  const tables: Record<string, string> = {};
  if (isRecord(seed['tables'])) {
    for (const [table, script] of Object.entries(seed['tables'])) {
      if (typeof script === 'string') tables[table] = script;
      else problem(`/seed/tables/${table}`, `the seed of ${table} must be an SQL text`);
    }
  }
  return {
    file: source.displayPath,
    queries,
    seed: { rows: typeof rows === 'number' && rows >= 1 ? Math.floor(rows) : defaultSeedRows, tables, at: at('/seed') },
    problems,
  };
}

function readParams(value: unknown, problem: (message: string) => void): QueryParam[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problem('`params` must be a list of values or `sample`');
    return [];
  }
  return value.map((param: unknown): QueryParam => {
    if (param === 'sample') return { sample: true };
    if (param === null || ['string', 'number', 'boolean'].includes(typeof param)) return param as QueryParam;
    problem('a parameter must be a string, a number, a boolean, null or `sample`');
    return { sample: true };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
