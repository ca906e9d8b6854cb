import { extensionsUsedBy, type Database } from '../../database/index.ts';
import { migrate, rollback, type Migration } from '../../migrations/index.ts';
import { timed, type PhaseTimings } from '../proof-timings.ts';
import type { CatalogSnapshot } from './catalog-snapshot.ts';
import { compareCatalogs } from './compare-catalogs.ts';
import { introspectCatalog } from './introspect-catalog.ts';
import { afterDownStep, afterReUpStep, dataLossByDown, dataLossByUp, failure } from './reversibility-messages.ts';
import { withScratchDatabase } from './scratch-database.ts';
import { droppedStorage, readStorageIdentity, sharedStorage, type StorageIdentity } from './storage-identity.ts';

/** Something the up, down, up proof found wrong with one migration. */
export interface ReversibilityIssue {
  /**
   * `irreversible`: the down step does not give back the catalog from before the migration, or the up step applied
   * again does not give the catalog it gave the first time; `data-loss`: a step drops rows or values that existed
   * before the migration; `failed`: a step raised an error.
   */
  readonly kind: 'irreversible' | 'data-loss' | 'failed';
  readonly migration: Migration;
  /** The object concerned, e.g. `index bookings_notes_idx`, `column bookings.notes`. */
  readonly object?: string;
  readonly message: string;
}

export interface ProveReversibilityOptions {
  readonly migrations: readonly Migration[];
  /** A PostgreSQL server to prove on, in a fresh database created and dropped there; PGlite in memory otherwise. */
  readonly databaseUrl?: string;
  /** Where the time goes (benchmarks). */
  readonly timings?: PhaseTimings;
}

/** The catalog, and where rows live, at one moment. */
interface Observation {
  readonly snapshot: CatalogSnapshot;
  readonly storage: StorageIdentity;
}

/**
 * Applies the migrations in order on a scratch database and, for each, runs up, down, up with the same functions as
 * `keel db migrate` and `keel db rollback`, comparing the catalog after each step: down must give back the catalog
 * from before the migration, and up applied again the catalog it gave the first time. Reports every difference,
 * every step that fails, and every step that drops rows or values that existed before the migration. Throws
 * `KEEL_CONFIG_INVALID` when PGlite lacks an extension the migrations create, and `KEEL_DATABASE_UNREACHABLE` when
 * the server cannot be reached or refuses to create the scratch database.
 *
 * @example
 * const issues = await proveReversibility({ migrations: await readMigrations('migrations') });
 */
export async function proveReversibility(options: ProveReversibilityOptions): Promise<ReversibilityIssue[]> {
  const { migrations } = options;
  if (migrations.length === 0) return [];
  const extensions = extensionsUsedBy(migrations.flatMap((migration) => [migration.up, migration.down]));
  const { databaseUrl, timings } = options;
  return withScratchDatabase({ databaseUrl, extensions, timings }, (database) =>
    proveReversibilityOn(database, migrations, { timings }),
  );
}

/**
 * The same proof on a database the caller provides, which must be empty and never migrated (with PGlite, started
 * with the extensions the migrations use). It is left with every migration applied, when the proof gets that far.
 */
export async function proveReversibilityOn(
  database: Database,
  migrations: readonly Migration[],
  options: { readonly timings?: PhaseTimings | undefined } = {},
): Promise<ReversibilityIssue[]> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const issues: ReversibilityIssue[] = [];
  const steps = stepsOn(database, ordered, options.timings);
  let before = await steps.observe();
  for (const [index, migration] of ordered.entries()) {
    const previous = ordered[index - 1]?.version ?? 0;
    const after = await proveMigration(steps, migration, previous, before, issues);
    if (after === undefined) {
      notChecked(issues, ordered.slice(index + 1));
      break;
    }
    before = after;
  }
  return issues;
}

/** What the proof does to the scratch database: apply up to a version, roll back to one, look. */
interface ProofSteps {
  up(to: number): Promise<unknown>;
  down(to: number): Promise<unknown>;
  observe(): Promise<Observation>;
}

function stepsOn(database: Database, migrations: readonly Migration[], timings: PhaseTimings | undefined): ProofSteps {
  return {
    up: (to) => timed(timings, 'migrate', () => migrate(database, migrations, { to })),
    down: (to) => timed(timings, 'roll back', () => rollback(database, migrations, { to })),
    observe: () => timed(timings, 'introspect', () => observe(database)),
  };
}

/** Up, down, up for one migration; the state it leaves, or undefined when the proof cannot go on. */
async function proveMigration(
  steps: ProofSteps,
  migration: Migration,
  previous: number,
  before: Observation,
  issues: ReversibilityIssue[],
): Promise<Observation | undefined> {
  const name = migration.file.replace(/\.sql$/, '');
  const failed = (message: string): void => {
    issues.push({ kind: 'failed', migration, message });
  };
  const apply = () => steps.up(migration.version);

  const upError = await attempt(apply);
  if (upError !== undefined) {
    failed(`the up step of ${name} fails: ${failure(upError)}`);
    return undefined;
  }
  const afterUp = await steps.observe();
  for (const message of dataLossByUp(name, droppedStorage(before.storage, afterUp.storage))) {
    issues.push({ kind: 'data-loss', migration, ...message });
  }

  const downError = await attempt(() => steps.down(previous));
  if (downError !== undefined) {
    const state = await steps.observe();
    const unchanged = compareCatalogs(afterUp.snapshot, state.snapshot).length === 0;
    failed(
      `the down step of ${name} fails: ${failure(downError)}` +
        (unchanged ? '' : '; it ran without a transaction, so the statements before the failing one remain'),
    );
    return unchanged ? afterUp : undefined;
  }
  const afterDown = await steps.observe();
  const downDifferences = compareCatalogs(before.snapshot, afterDown.snapshot);
  for (const difference of downDifferences) {
    issues.push({
      kind: 'irreversible',
      migration,
      object: difference.object,
      message: afterDownStep(name, difference),
    });
  }
  const dropped = droppedStorage(sharedStorage(afterUp.storage, before.storage), afterDown.storage);
  for (const message of dataLossByDown(name, dropped, afterDown.storage)) {
    issues.push({ kind: 'data-loss', migration, ...message });
  }

  const reUpError = await attempt(apply);
  if (reUpError !== undefined) {
    failed(`applied again after its down step, the up step of ${name} fails: ${failure(reUpError)}`);
    return undefined;
  }
  const afterReUp = await steps.observe();
  // A difference the down step left is reported once, where it starts.
  const explained = new Set(downDifferences.map((difference) => difference.object));
  for (const difference of compareCatalogs(afterUp.snapshot, afterReUp.snapshot)) {
    if (explained.has(difference.object)) continue;
    issues.push({
      kind: 'irreversible',
      migration,
      object: difference.object,
      message: afterReUpStep(name, difference),
    });
  }
  return afterReUp;
}

async function observe(database: Database): Promise<Observation> {
  return { snapshot: await introspectCatalog(database), storage: await readStorageIdentity(database.db) };
}

/** Runs a migration step; its error, if any. */
async function attempt(step: () => Promise<unknown>): Promise<unknown> {
  try {
    await step();
    return undefined;
  } catch (error) {
    return error ?? new Error('the step failed');
  }
}

function notChecked(issues: ReversibilityIssue[], rest: readonly Migration[]): void {
  const last = issues.at(-1);
  if (last === undefined || rest.length === 0) return;
  const names = rest.map((migration) => migration.file.replace(/\.sql$/, '')).join(', ');
  issues[issues.length - 1] = {
    ...last,
    message: `${last.message}; the migrations after it were not checked (${names})`,
  };
}
