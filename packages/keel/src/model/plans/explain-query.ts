import { CompiledQuery } from 'kysely';
import type { SessionTransaction } from '../../database/index.ts';
import type { DeclaredQuery, QueryParam } from './queries-file.ts';

/** A node of `EXPLAIN (FORMAT JSON)`, with the fields the check reads. */
export interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly 'Plan Rows'?: number;
  readonly 'Total Cost'?: number;
  readonly Filter?: string;
  readonly 'Sort Key'?: readonly string[];
  readonly Plans?: readonly PlanNode[];
}

/** A plan that will not scale: a sequential scan of a large table, or a sort of many rows for a page. */
export interface PlanProblem {
  readonly kind: 'seq-scan' | 'sort';
  readonly table: string;
  readonly message: string;
  /** `create index concurrently …`: equality filters first, then the sort keys. */
  readonly suggestedIndex: string;
}

/** A table has more rows than this: scanning it all is a problem. */
export const largeTableRows = 1000;
/** A sort for a page of more input rows than this needs an index that gives the order. */
export const largeSortRows = 100;

/**
 * The query's plan: the generic one (good for any value) when a parameter is `sample`, otherwise the plan for the
 * given values. PREPARE and `plan_cache_mode` work alike on PostgreSQL 15+ and PGlite, unlike EXPLAIN (GENERIC_PLAN).
 */
export async function explainQuery(
  session: SessionTransaction,
  query: DeclaredQuery,
  index: number,
): Promise<PlanNode> {
  const statement = `keel_plan_${index}`;
  const generic = query.params.some((param) => typeof param === 'object' && param !== null);
  const run = (text: string) => session.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text));
  await run(`set plan_cache_mode = ${generic ? 'force_generic_plan' : 'force_custom_plan'}`);
  await run(`prepare ${statement} as ${query.sql.trim().replace(/;\s*$/, '')}`);
  try {
    const args = query.params.length === 0 ? '' : `(${query.params.map(literal).join(', ')})`;
    const result = await run(`explain (format json) execute ${statement}${args}`);
    const cell = Object.values(result.rows[0] ?? {})[0];
    const parsed = (typeof cell === 'string' ? JSON.parse(cell) : cell) as readonly { Plan: PlanNode }[];
    const plan = parsed[0]?.Plan;
    if (plan === undefined) throw new Error('EXPLAIN returned no plan');
    return plan;
  } finally {
    await run(`deallocate ${statement}`);
    await run('reset plan_cache_mode');
  }
}

/** Problems in a plan, given each table's row count. */
export function planProblems(plan: PlanNode, paged: boolean, rowsOf: (table: string) => number): PlanProblem[] {
  const problems: PlanProblem[] = [];
  walk(plan, (node) => {
    const table = node['Relation Name'];
    if (node['Node Type'] === 'Seq Scan' && table !== undefined && rowsOf(table) > largeTableRows) {
      problems.push({
        kind: 'seq-scan',
        table,
        message: `scans ${table} sequentially (${rowsOf(table).toLocaleString('en')} rows)`,
        suggestedIndex: suggestIndex(table, equalityColumns(node.Filter), []),
      });
    }
    const input = node.Plans?.[0];
    if (paged && node['Node Type'] === 'Sort' && input !== undefined && (input['Plan Rows'] ?? 0) > largeSortRows) {
      const scan = firstScan(input);
      const sortTable = scan?.['Relation Name'] ?? '?';
      const keys = (node['Sort Key'] ?? []).map((key) => key.replace(/^\w+\./, ''));
      problems.push({
        kind: 'sort',
        table: sortTable,
        message: `sorts about ${(input['Plan Rows'] ?? 0).toLocaleString('en')} rows of ${sortTable} by ${keys.join(', ')} for a page`,
        suggestedIndex: suggestIndex(sortTable, equalityColumns(scanConditions(scan)), keys),
      });
    }
  });
  return problems;
}

/** One line per node, indented: `Limit`, `  Index Scan using bookings_org_id_starts_at_id on bookings (rows 20)`. */
export function summarisePlan(plan: PlanNode): string {
  const lines: string[] = [];
  const visit = (node: PlanNode, depth: number): void => {
    const index = node['Index Name'] === undefined ? '' : ` using ${node['Index Name']}`;
    const table = node['Relation Name'] === undefined ? '' : ` on ${node['Relation Name']}`;
    const sort = node['Sort Key'] === undefined ? '' : ` by ${node['Sort Key'].join(', ')}`;
    const rows = node['Plan Rows'] === undefined ? '' : ` (rows ${node['Plan Rows']})`;
    lines.push(`${'  '.repeat(depth)}${node['Node Type']}${index}${table}${sort}${rows}`);
    for (const child of node.Plans ?? []) visit(child, depth + 1);
  };
  visit(plan, 0);
  return lines.join('\n');
}

function walk(node: PlanNode, visit: (node: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

function firstScan(node: PlanNode): PlanNode | undefined {
  if (node['Relation Name'] !== undefined) return node;
  for (const child of node.Plans ?? []) {
    const scan = firstScan(child);
    if (scan !== undefined) return scan;
  }
  return undefined;
}

function scanConditions(node: PlanNode | undefined): string {
  if (node === undefined) return '';
  const record = node as unknown as Record<string, unknown>;
  const own = ['Filter', 'Index Cond', 'Recheck Cond'].map((key) => record[key]).filter((v) => typeof v === 'string');
  return [...own, ...(node.Plans ?? []).map(scanConditions)].join(' AND ');
}

/** `(org_id = $1) AND ((status)::text = 'x'::text)` → org_id, status. */
function equalityColumns(condition: string | undefined): string[] {
  const columns: string[] = [];
  for (const match of (condition ?? '').matchAll(/\(*([a-z_][a-z0-9_]*)\)*(?:::[\w ]+)?\s*=\s*(?:\$\d|'|\d|\()/g)) {
    const column = match[1];
    if (column !== undefined && !columns.includes(column)) columns.push(column);
  }
  return columns;
}

function suggestIndex(table: string, equalities: readonly string[], sortKeys: readonly string[]): string {
  const columns = [...equalities, ...sortKeys.filter((key) => !equalities.includes(key))];
  if (columns.length === 0) return `an index on ${table} for the query's filter`;
  const name = `${table}_${columns.map((column) => column.replace(/\s.*$/, '')).join('_')}`.replaceAll('.', '_');
  return `create index concurrently ${name} on ${table} (${columns.join(', ')})`;
}

function literal(param: QueryParam): string {
  if (param === null || typeof param === 'object') return 'null';
  if (typeof param === 'string') return `'${param.replaceAll("'", "''")}'`;
  return String(param);
}
