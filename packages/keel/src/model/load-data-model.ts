import { posix } from 'node:path';
import { isKeelError } from '../errors/index.ts';
import type { Issue } from '../journey/finding.ts';
import type { CheckContext, Loaded } from '../journey/stage.ts';
import { readMigrations, type Migration } from '../migrations/index.ts';
import { allowComments } from './allow-comments.ts';
import { migrationFileRule, sqlSyntaxRule } from './model-loader-rules.ts';
import type { Allow, DataModel, ModelMigration, Statement } from './model-model.ts';
import { parseSqlSection, type ParsedSection } from './parse-sql-section.ts';
import { createSchemaState, type SchemaState } from './schema-state.ts';
import { nodeAs, nodesAs } from './sql-ast.ts';

type LoaderIssue = Issue & { readonly rule: string };

/**
 * Reads the migrations folder, parses both sections of every migration with PostgreSQL's parser, and replays the up
 * sections in order to know the tables each statement meets. A file `keel db migrate` would refuse is a
 * `model/migration-file` issue (and no model: nothing after it can be trusted); a section that does not parse is a
 * `model/sql-syntax` issue, and the rest of the migrations are still read.
 */
export async function loadDataModel(context: CheckContext): Promise<Loaded<DataModel>> {
  const migrationsDir = posix.normalize(context.project.config.migrations.replaceAll('\\', '/')).replace(/\/+$/, '');
  let migrations: readonly Migration[];
  try {
    migrations = await readMigrations(context.project.paths.migrations);
  } catch (error) {
    if (!isKeelError(error) || error.code !== 'KEEL_MIGRATION_INVALID') throw error;
    const problems = (error.extensions['problems'] ?? []) as readonly {
      file: string;
      line?: number;
      message: string;
    }[];
    const issues = problems.map((problem) => ({
      rule: migrationFileRule.id,
      message: problem.message,
      at: {
        file: `${migrationsDir}/${problem.file}`,
        ...(problem.line === undefined ? {} : { line: problem.line }),
      },
    }));
    return { model: undefined, issues };
  }
  const issues: LoaderIssue[] = [];
  const state = createSchemaState();
  const models: ModelMigration[] = [];
  for (const migration of migrations) {
    const file = `${migrationsDir}/${migration.file}`;
    const id = migrationId(migration.version);
    const up = await parseSqlSection(migration.up, file, migration.upLine);
    const down = await parseSqlSection(migration.down, file, migration.downLine);
    for (const section of [up, down]) {
      if (section.error !== undefined) {
        issues.push({ rule: sqlSyntaxRule.id, message: section.error.message, at: section.error.at });
      }
    }
    const upStatements = replayUp(up, id, state);
    const downStatements = down.statements.map((parsed, index) =>
      statementOf(parsed, down, index, {
        section: 'down',
        migration: id,
        tables: [],
        existingTables: [],
        afterLockTimeout: false,
      }),
    );
    const last = up.statements.at(-1);
    const strayAllows = last === undefined ? [] : allowComments(up.text.slice(last.end), last.end, up.positions);
    models.push(
      Object.freeze({
        id,
        migration,
        file,
        downAt: { file, line: migration.downLine - 1, column: 1 },
        transaction: migration.transaction,
        up: Object.freeze(upStatements),
        down: Object.freeze(downStatements),
        parsed: up.error === undefined && down.error === undefined,
        strayAllows: Object.freeze(strayAllows),
        creates: Object.freeze(
          upStatements.flatMap((statement) => (statement.kind === 'CreateStmt' ? [...statement.tables] : [])),
        ),
      }),
    );
  }
  const model: DataModel = Object.freeze({ migrationsDir, migrations: Object.freeze(models), tables: state.tables() });
  return { model, issues };
}

/** `M-0003`: a migration's identifier in traces. */
export function migrationId(version: number): string {
  return `M-${String(version).padStart(4, '0')}`;
}

/** Builds the up section's statements in order, each seeing the tables as the statements before it left them. */
function replayUp(section: ParsedSection, migration: string, state: SchemaState): Statement[] {
  let afterLockTimeout = false;
  return section.statements.map((parsed, index) => {
    const tables = state.tablesOf(parsed.node);
    const existingTables = tables.filter((table) => state.createdIn(table) !== migration);
    const statement = statementOf(parsed, section, index, {
      section: 'up',
      migration,
      tables,
      existingTables,
      afterLockTimeout,
      ...tableBefore(state, tables[0]),
    });
    state.apply(statement);
    afterLockTimeout = lockTimeoutAfter(statement, afterLockTimeout);
    return statement;
  });
}

function statementOf(
  parsed: ParsedSection['statements'][number],
  section: ParsedSection,
  index: number,
  facts: Pick<Statement, 'section' | 'migration' | 'tables' | 'existingTables' | 'afterLockTimeout' | 'tableBefore'>,
): Statement {
  const previousEnd = index === 0 ? 0 : (section.statements[index - 1]?.end ?? 0);
  const between = section.text.slice(previousEnd, parsed.start);
  const allows: Allow[] = allowComments(between, previousEnd, section.positions);
  const [table] = facts.tables;
  return Object.freeze({
    kind: parsed.kind,
    node: parsed.node,
    sql: parsed.sql,
    at: parsed.at,
    ...facts,
    ...(table === undefined ? {} : { table }),
    onExistingTable: table !== undefined && facts.existingTables.includes(table),
    allows: Object.freeze(allows),
    locate: (offset: number | undefined) =>
      offset === undefined || offset < 0
        ? parsed.at
        : section.positions.locateChar(section.positions.charOfByte(offset)),
  });
}

function tableBefore(state: SchemaState, name: string | undefined): Pick<Statement, 'tableBefore'> {
  const table = name === undefined ? undefined : state.table(name);
  return table === undefined ? {} : { tableBefore: table };
}

/** Whether a lock_timeout is in force after the statement: SET to a duration turns it on, 0 or RESET turns it off. */
function lockTimeoutAfter(statement: Statement, before: boolean): boolean {
  const set = nodeAs(statement.node, 'VariableSetStmt');
  if (set?.name !== 'lock_timeout') return before;
  if (set.kind !== 'VAR_SET_VALUE') return false;
  const [value] = nodesAs(set.args, 'A_Const');
  const setting = value?.sval?.sval ?? String(value?.ival?.ival ?? 0);
  return !/^\s*0+\s*(ms|s|min|h|d)?\s*$/i.test(setting);
}
