import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { lintRules, type DataModel, type Hit } from '../../model/index.ts';
import { nodeAs } from '../../model/sql-ast.ts';
import { alterCommands, addedColumns } from '../../model/rules/statement-parts.ts';
import type { ShipInput } from '../ship-input.ts';
import { previousLevel } from './migration-rules.ts';

const run = promisify(execFile);

/** The lint rules whose statements break code written against the schema before them. */
const contractingRules = new Set([
  'model/destructive-change',
  'model/rename',
  'model/column-type-change',
  'model/not-null-on-existing-table',
]);

/**
 * `ship/expand-contract`: during a rolling update the previous release's instances serve against the new schema, so a
 * migration of this release may not take away (drop, rename, retype) or constrain (NOT NULL) anything that release's
 * code uses. Whether it uses a name is read from its commit (`git grep` of the code, migrations and releases aside).
 */
export const expandContract: Rule<ShipInput> = {
  id: 'ship/expand-contract',
  severity: 'error',
  summary:
    'No migration of the release drops, renames, retypes or makes NOT NULL a table or column that the previous release’s code still uses.',
  fix: 'Expand and contract: release the code that stops using the table or column first, and drop (or rename, retype) it in a later release.',
  async run(input, context) {
    const { dataModel, previous } = input;
    if (dataModel === undefined || previous === undefined) return [];
    const since = previousLevel(input);
    const hits = contractingHits(dataModel, since);
    if (hits.length === 0) return [];
    const sha = previous.record.commit?.sha;
    const issues: Issue[] = [];
    for (const hit of hits) {
      const at = hit.at ?? hit.statement?.at ?? { file: '.' };
      if (sha === undefined) {
        issues.push({
          message: `${hit.message}; release ${previous.version} records no commit, so whether its code uses ${hit.names.join(', ')} cannot be told`,
          at,
        });
        continue;
      }
      const uses = await usesAt(context.project.root, context.project.config.migrations, sha, hit.names);
      if (uses === undefined) {
        issues.push({
          message: `${hit.message}; commit ${sha.slice(0, 12)} of release ${previous.version} cannot be read, so whether its code uses ${hit.names.join(', ')} cannot be told`,
          at,
          fix: 'Fetch the release’s commit (in a shallow clone: `git fetch --unshallow`), then ship again.',
        });
      } else if (uses.length > 0) {
        issues.push({
          message: `${hit.message}; release ${previous.version}, which keeps serving during the rollout, still uses it (${uses.slice(0, 3).join(', ')}${uses.length > 3 ? ', …' : ''})`,
          at,
        });
      }
    }
    return issues;
  },
};

interface ContractingHit extends Hit {
  /** The table or column names the previous release's code would have to use for the change to break it. */
  readonly names: readonly string[];
}

/** Hits of the contracting lint rules in migrations above `since`, on tables that existed at `since`. */
function contractingHits(model: DataModel, since: number): ContractingHit[] {
  const versionOf = (id: string): number => Number(id.replace(/^M-/, ''));
  const releasedTables = new Set(
    model.migrations.filter((migration) => migration.migration.version <= since).flatMap((m) => m.creates),
  );
  return lintRules
    .filter((rule) => contractingRules.has(rule.id))
    .flatMap((rule) => rule.find(model).map((hit) => ({ rule: rule.id, hit })))
    .flatMap(({ rule, hit }): ContractingHit[] => {
      const statement = hit.statement;
      if (statement === undefined || versionOf(statement.migration) <= since) return [];
      if (statement.kind === 'TruncateStmt') return []; // loses rows, breaks no code
      const tables = statement.tables.filter((table) => releasedTables.has(table));
      if (tables.length === 0) return [];
      const names = namesUsed(rule, hit, tables);
      return names.length === 0 ? [] : [{ ...hit, message: `${statement.migration} ${hit.message}`, names }];
    });
}

function namesUsed(rule: string, hit: Hit, tables: readonly string[]): string[] {
  const statement = hit.statement;
  if (statement === undefined) return [];
  const bare = (name: string): string => name.split('.').at(-1) ?? name;
  if (nodeAs(statement.node, 'DropStmt') !== undefined) return tables.map(bare);
  const renamed = nodeAs(statement.node, 'RenameStmt');
  if (renamed !== undefined) {
    return renamed.renameType === 'OBJECT_COLUMN' ? [renamed.subname ?? ''] : tables.map(bare);
  }
  // Code that inserts rows without the new NOT NULL column breaks: it names the table, not the column.
  if (rule === 'model/not-null-on-existing-table' && addedColumns(statement).length > 0) return tables.map(bare);
  return alterCommands(statement)
    .filter((cmd) => ['AT_DropColumn', 'AT_AlterColumnType', 'AT_SetNotNull'].includes(cmd.subtype ?? ''))
    .map((cmd) => cmd.name ?? '')
    .filter((name) => name !== '');
}

/**
 * Where the code at `sha` names any of `names` as a whole word: `file:line` for each, migrations, releases, Keel's
 * state and Markdown aside. Undefined when git cannot read the commit.
 */
async function usesAt(
  root: string,
  migrations: string,
  sha: string,
  names: readonly string[],
): Promise<string[] | undefined> {
  try {
    await run('git', ['cat-file', '-e', `${sha}^{commit}`], { cwd: root });
  } catch {
    return undefined;
  }
  const patterns = [...new Set(names)].flatMap((name) => ['-e', name]);
  const pathspecs = ['.', `:(exclude)${migrations}`, ':(exclude)releases', ':(exclude).keel', ':(exclude)*.md'];
  try {
    const { stdout } = await run('git', ['grep', '-n', '-w', '-F', '-I', ...patterns, sha, '--', ...pathspecs], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) =>
        line
          .slice(sha.length + 1)
          .split(':')
          .slice(0, 2)
          .join(':'),
      );
  } catch (error) {
    if ((error as { code?: unknown }).code === 1) return []; // git grep found nothing
    return undefined;
  }
}
