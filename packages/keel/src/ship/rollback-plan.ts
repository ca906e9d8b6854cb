import type { DataModel, Statement } from '../model/index.ts';
import { nodeAs, nodesAs, qualifiedName, relationName } from '../model/sql-ast.ts';
import { alterCommands } from '../model/rules/statement-parts.ts';
import type { DataLoss, RollbackPlan, RollbackStep } from './release-record.ts';
import type { Release } from './releases.ts';

/**
 * The way back from a release to the one before it: the down steps of the migrations it added, newest first, with
 * what each would lose and a query that counts it.
 */
export function rollbackPlan(model: DataModel | undefined, previous: Release | undefined, level: number): RollbackPlan {
  const toLevel = previous?.record.migrations.level ?? 0;
  const steps: RollbackStep[] = (model?.migrations ?? [])
    .filter((migration) => migration.migration.version > toLevel && migration.migration.version <= level)
    .sort((a, b) => b.migration.version - a.migration.version)
    .map((migration) => ({
      version: migration.migration.version,
      file: migration.file,
      statements: migration.down.map((statement) => statement.sql.trim()),
      losses: migration.down.flatMap(lossesOf),
    }));
  return {
    to: previous?.version ?? null,
    toLevel,
    command:
      previous === undefined
        ? 'keel db rollback --to 0 --accept-data-loss (a first release: this empties the database)'
        : `keel rollback ${previous.version}`,
    steps,
    bundle: previous === undefined ? null : `${previous.folder}/deploy`,
  };
}

/** What a down statement destroys: a table's rows, a column's values. */
export function lossesOf(statement: Statement): DataLoss[] {
  const drop = nodeAs(statement.node, 'DropStmt');
  if (drop?.removeType === 'OBJECT_TABLE') {
    return nodesAs(drop.objects, 'List').map((list) => {
      const table = qualifiedName(list.items);
      return {
        object: `table ${table}`,
        message: `drops table ${table} with every row in it`,
        check: `select count(*) from ${table};`,
      };
    });
  }
  const truncate = nodeAs(statement.node, 'TruncateStmt');
  if (truncate !== undefined) {
    return nodesAs(truncate.relations, 'RangeVar').flatMap((relation) => {
      const table = relationName(relation);
      return table === undefined
        ? []
        : [{ object: `table ${table}`, message: `empties table ${table}`, check: `select count(*) from ${table};` }];
    });
  }
  const table = relationName(nodeAs(statement.node, 'AlterTableStmt')?.relation);
  if (table === undefined) return [];
  return alterCommands(statement)
    .filter((cmd) => cmd.subtype === 'AT_DropColumn' && cmd.name !== undefined)
    .map((cmd) => ({
      object: `column ${table}.${cmd.name ?? ''}`,
      message: `drops column ${table}.${cmd.name ?? ''} with its values`,
      check: `select count(*) from ${table} where ${cmd.name ?? ''} is not null;`,
    }));
}
