import { performance } from 'node:perf_hooks';
import type { AccessModel } from '../access/index.ts';
import type { Contract } from '../contract/index.ts';
import type { Location } from '../journey/finding.ts';
import { extensionsUsedBy } from '../database/index.ts';
import { readMigrations } from '../migrations/index.ts';
import { withScratchDatabase } from '../model/catalog/scratch-database.ts';
import type { Project } from '../project/index.ts';
import type { Requirements } from '../requirements/index.ts';
import { createApp } from '../runtime/index.ts';
import { noRateLimits } from '../runtime/rate-limit-config.ts';
import { runConformance } from './conformance.ts';
import { runProjectTests, type ProjectTestResult } from './project-tests.ts';
import { runStateful } from './stateful.ts';
import { SuiteContext, type CaseFailure } from './suite-context.ts';
import { provisionPrincipals } from './suite-principals.ts';

export interface TestRunSettings {
  /** fast-check's seed: the same seed sends the same requests. */
  readonly seed: number;
  /** Valid samples per operation. */
  readonly runs: number;
  /** A PostgreSQL server for scratch databases; PGlite when absent. */
  readonly databaseUrl: string | undefined;
}

/** Whether an acceptance criterion is proven: by which tests, with what outcome. */
export interface CriterionCoverage {
  readonly id: string;
  readonly operation: string;
  readonly at: Location;
  readonly status: 'passed' | 'failed' | 'untested';
  readonly tests: readonly {
    readonly name: string;
    readonly file: string;
    readonly outcome: ProjectTestResult['outcome'];
  }[];
}

/** Everything one `keel test` run found. */
export interface TestRun {
  readonly settings: TestRunSettings;
  readonly project: { readonly files: readonly string[]; readonly results: readonly ProjectTestResult[] };
  readonly generated: {
    readonly requests: number;
    /** Valid requests answered 2xx. */
    readonly accepted: number;
    readonly durationMs: number;
    readonly operations: number;
    readonly failures: readonly CaseFailure[];
    readonly unavailableRoles: readonly { readonly role: string; readonly reason: string }[];
    /** Why the generated suites did not run, when they could not. */
    readonly skipped: string | undefined;
  };
  readonly criteria: readonly CriterionCoverage[];
}

export interface TestInputs {
  readonly project: Project;
  readonly contract: Contract | undefined;
  readonly access: AccessModel | undefined;
  readonly requirements: Requirements | undefined;
  readonly testFiles: readonly string[];
}

/**
 * Runs the project's own tests, then the generated conformance and stateful suites in-process against the project's
 * app on a freshly migrated scratch database (PGlite, or a new database on `databaseUrl`, dropped afterwards), and
 * links each acceptance criterion to the tests that name it.
 */
export async function runTestSuites(inputs: TestInputs, settings: TestRunSettings): Promise<TestRun> {
  const env: Record<string, string> =
    settings.databaseUrl === undefined
      ? { KEEL_TEST_DATABASES: 'pglite' }
      : { KEEL_TEST_DATABASES: 'postgres', KEEL_TEST_POSTGRES_URL: settings.databaseUrl };
  const results = await runProjectTests(inputs.project.root, inputs.testFiles, {
    ...env,
    KEEL_TEST_SEED: String(settings.seed),
  });
  const generated = await runGenerated(inputs, settings);
  return {
    settings,
    project: { files: inputs.testFiles, results },
    generated,
    criteria: coverageOf(inputs.requirements, results),
  };
}

async function runGenerated(inputs: TestInputs, settings: TestRunSettings): Promise<TestRun['generated']> {
  const { contract, project } = inputs;
  if (contract === undefined) {
    return {
      requests: 0,
      accepted: 0,
      durationMs: 0,
      operations: 0,
      failures: [],
      unavailableRoles: [],
      skipped: 'the contract cannot be loaded',
    };
  }
  const migrations = await readMigrations(project.paths.migrations);
  const extensions = extensionsUsedBy(migrations.map((migration) => migration.up));
  return withScratchDatabase({ databaseUrl: settings.databaseUrl, extensions }, async (database) => {
    // Rate limits off: the suites send hundreds of requests a minute on purpose (the security stage tests limits).
    const app = await createApp({
      dir: project.root,
      contract,
      database,
      migrations,
      mode: 'test',
      runtime: { rateLimits: noRateLimits },
    });
    try {
      const principals = await provisionPrincipals(app, inputs.access);
      const context = new SuiteContext(app, inputs.access, principals, settings.seed);
      const started = performance.now();
      await runConformance(context, contract, settings.runs);
      await runStateful(context, contract);
      return {
        requests: context.requests,
        accepted: context.accepted,
        durationMs: Math.round(performance.now() - started),
        operations: contract.operations.length,
        failures: context.failures,
        unavailableRoles: principals.unavailable,
        skipped: undefined,
      };
    } finally {
      await app.close();
    }
  });
}

/** Each criterion with the tests naming it (in their own name or a suite's); proven when one passes and none fails. */
export function coverageOf(
  requirements: Requirements | undefined,
  results: readonly ProjectTestResult[],
): CriterionCoverage[] {
  const criteria = requirements?.operations.flatMap((operation) => operation.acceptance) ?? [];
  return criteria.map((criterion) => {
    const pattern = new RegExp(
      `(?<![A-Za-z0-9-])${criterion.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9]|-\\d)`,
    );
    const tests = results
      .filter((result) => pattern.test(result.name))
      .map((result) => ({ name: result.name, file: result.file, outcome: result.outcome }));
    const status = tests.some((test) => test.outcome === 'failed')
      ? 'failed'
      : tests.some((test) => test.outcome === 'passed')
        ? 'passed'
        : 'untested';
    return { id: criterion.id, operation: criterion.operation, at: criterion.at, status, tests };
  });
}
