import { sql } from 'kysely';
import { describeError } from '../../database/database-errors.ts';
import { extensionsUsedBy, type Session } from '../../database/index.ts';
import { migrate, type Migration } from '../../migrations/index.ts';
import type { PolicySnapshot, TableSnapshot } from '../../model/catalog/catalog-snapshot.ts';
import { readPolicies } from '../../model/catalog/read-table-objects.ts';
import { readTables } from '../../model/catalog/read-tables.ts';
import { withScratchDatabase } from '../../model/catalog/scratch-database.ts';
import { ensureApplicationRole } from '../../runtime/access-control.ts';
import {
  applicationRoleName,
  createApplicationRoleSql,
  createPolicySql,
  policyPrefix,
  secureTableSql,
  type TableSecurity,
} from '../row-level-security.ts';

/** A compiled condition to try on the migrated schema: does PostgreSQL accept it? */
export interface ConditionProbe {
  readonly key: string;
  readonly table: string;
  readonly sql: string;
}

/** What the application role may do that it must not (decision record 0006: owns nothing, bypasses nothing). */
export interface ApplicationRoleState {
  readonly superuser: boolean;
  readonly bypassRls: boolean;
  /** Tables, views, sequences and schemas it owns, e.g. `table bookings`. */
  readonly owns: readonly string[];
}

export interface AccessDatabaseReview {
  /** Why the migrations could not be applied; the model stage reports it, so the checks below are not run. */
  readonly migrationError: string | undefined;
  /** The user's tables after every migration, with their row-level security flags. */
  readonly tables: readonly TableSnapshot[];
  /** Keel's policies (`keel_…`) after every migration, as PostgreSQL prints them. */
  readonly policies: readonly PolicySnapshot[];
  /** The policies access.yaml implies, created on the migrated schema and printed by PostgreSQL the same way. */
  readonly expected: { readonly policies: readonly PolicySnapshot[] } | { readonly error: string };
  readonly applicationRole: ApplicationRoleState | undefined;
  /** The probes PostgreSQL refused, with its message. */
  readonly refusedConditions: ReadonlyMap<string, string>;
}

export interface ReviewAccessDatabaseOptions {
  readonly migrations: readonly Migration[];
  readonly expected: readonly TableSecurity[];
  readonly conditions?: readonly ConditionProbe[];
  /** A PostgreSQL server for the scratch database; PGlite in memory otherwise. */
  readonly databaseUrl?: string | undefined;
}

/** A lock of its own, so that a review never waits for a migrator on the same scratch database. */
const reviewLockKey = 7_306_000_006n;

/** Thrown to roll a transaction back once it has been read. */
class RollBack extends Error {}

/**
 * Applies every migration to a scratch database and reads what access control needs of the result: the row-level
 * security flags and Keel's policies; the same policies as access.yaml implies them, created in a transaction that is
 * rolled back, so both sides are printed by PostgreSQL itself (`pg_get_expr`) and compare as text; keel_app after
 * `ensureApplicationRole`; and whether each compiled condition is SQL the schema accepts.
 *
 * @example
 * const review = await reviewAccessDatabase({ migrations, expected: policiesFor(access, facts) });
 */
export async function reviewAccessDatabase(options: ReviewAccessDatabaseOptions): Promise<AccessDatabaseReview> {
  const { migrations, expected, databaseUrl } = options;
  const extensions = extensionsUsedBy(migrations.map((migration) => migration.up));
  return withScratchDatabase({ databaseUrl, extensions }, async (database) => {
    try {
      await migrate(database, migrations);
    } catch (error) {
      return {
        migrationError: describeError(error),
        tables: [],
        policies: [],
        expected: { policies: [] },
        applicationRole: undefined,
        refusedConditions: new Map(),
      };
    }
    await ensureApplicationRole(database.db);
    return database.withLock(reviewLockKey, async (session) => {
      const tables = (await readTables(session.db)).filter((table) => table.schema === 'public');
      const policies = keelPolicies(await readPolicies(session.db));
      const refusedConditions = new Map<string, string>();
      for (const probe of options.conditions ?? []) {
        const refusal = await refused(session, `select 1 from ${quote(probe.table)} where (${probe.sql}) limit 0`);
        if (refusal !== undefined) refusedConditions.set(probe.key, refusal);
      }
      return {
        migrationError: undefined,
        tables,
        policies,
        expected: await expectedPolicies(session, policies, expected),
        applicationRole: await applicationRoleState(session),
        refusedConditions,
      };
    });
  });
}

/** The SQL that creates keel_app and the expected policies, after dropping the present ones. */
export function expectedPoliciesScript(present: readonly PolicySnapshot[], expected: readonly TableSecurity[]): string {
  return [
    createApplicationRoleSql,
    ...present.map((policy) => `drop policy ${quote(policy.name)} on ${quote(policy.table)};`),
    ...expected.flatMap((table) => [secureTableSql(table.table), ...table.policies.map(createPolicySql)]),
  ].join('\n');
}

async function expectedPolicies(
  session: Session,
  present: readonly PolicySnapshot[],
  expected: readonly TableSecurity[],
): Promise<AccessDatabaseReview['expected']> {
  let policies: PolicySnapshot[] = [];
  try {
    await session.transaction(async (trx) => {
      await trx.execScript(expectedPoliciesScript(present, expected));
      policies = keelPolicies(await readPolicies(trx.db));
      throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) return { error: describeError(error) };
  }
  return { policies };
}

async function applicationRoleState(session: Session): Promise<ApplicationRoleState | undefined> {
  const { rows } = await sql<{ superuser: boolean; bypass_rls: boolean; owns: string[] }>`
    select r.rolsuper as superuser, r.rolbypassrls as bypass_rls,
      array(select case c.relkind when 'v' then 'view ' when 'm' then 'view ' when 'S' then 'sequence '
          else 'table ' end || n.nspname || '.' || c.relname
        from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where c.relowner = r.oid and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
      union all
      select 'schema ' || n.nspname from pg_catalog.pg_namespace n where n.nspowner = r.oid
      order by 1) as owns
    from pg_catalog.pg_roles r where r.rolname = ${applicationRoleName}`.execute(session.db);
  const [row] = rows;
  if (row === undefined) return undefined;
  return { superuser: row.superuser, bypassRls: row.bypass_rls, owns: row.owns };
}

/** PostgreSQL's message when it refuses a statement (run in a transaction that is always rolled back). */
async function refused(session: Session, statement: string): Promise<string | undefined> {
  try {
    await session.transaction(async (trx) => {
      await trx.execScript(statement);
      throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) return describeError(error);
  }
  return undefined;
}

function keelPolicies(policies: readonly PolicySnapshot[]): PolicySnapshot[] {
  return policies.filter((policy) => policy.schema === 'public' && policy.name.startsWith(policyPrefix));
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
