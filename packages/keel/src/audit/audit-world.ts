import type { AccessModel } from '../access/index.ts';
import type { Contract, Operation } from '../contract/index.ts';
import { extensionsUsedBy } from '../database/index.ts';
import { readMigrations } from '../migrations/index.ts';
import { withScratchDatabase } from '../model/catalog/scratch-database.ts';
import type { Project } from '../project/index.ts';
import { createApp } from '../runtime/index.ts';
import { defaultRateLimits, noRateLimits } from '../runtime/rate-limit-config.ts';
import { createdCollection, planRequest, sampleInputs } from '../tests/request-plan.ts';
import { SuiteContext } from '../tests/suite-context.ts';
import { provisionPrincipals } from '../tests/index.ts';
import type { AuditWorld } from './audit-session.ts';
import { injectTransport, type Transport } from './transport.ts';

export interface ScratchWorldSettings {
  readonly seed: number;
  /** A PostgreSQL server for the scratch database; PGlite when absent. */
  readonly databaseUrl: string | undefined;
  /** The rules to run; the rate-limited second app starts only when a throttling rule is among them. */
  readonly only?: ReadonlySet<string> | undefined;
}

const throttlingRules = ['security/burst-not-throttled', 'security/login-not-throttled'];

/**
 * Starts the project in-process on a freshly migrated scratch database with two tenants, a principal for every role in
 * each, and objects created through the contract's own create operations in both tenants; runs fn; tears it all down.
 * Two apps share the database: one without rate limits for the probes, one with the project's limits for bursts.
 */
export async function withScratchWorld<T>(
  project: Project,
  contract: Contract,
  access: AccessModel | undefined,
  settings: ScratchWorldSettings,
  fn: (world: AuditWorld) => Promise<T>,
): Promise<T> {
  const migrations = await readMigrations(project.paths.migrations);
  const extensions = extensionsUsedBy(migrations.map((migration) => migration.up));
  return withScratchDatabase({ databaseUrl: settings.databaseUrl, extensions }, async (database) => {
    const common = { dir: project.root, contract, database, migrations, mode: 'test' as const };
    const app = await createApp({ ...common, runtime: { rateLimits: noRateLimits } });
    const limits = project.config.runtime.rateLimits ?? defaultRateLimits;
    const needsLimits = settings.only === undefined || throttlingRules.some((rule) => settings.only?.has(rule));
    const throttledApp = needsLimits
      ? await createApp({ ...common, migrate: false, runtime: { rateLimits: limits } }).catch(
          async (error: unknown) => {
            await app.close();
            throw error;
          },
        )
      : undefined;
    try {
      const principals = await provisionPrincipals(app, access);
      const planner = new SuiteContext(app, access, principals, settings.seed);
      const transport = injectTransport(app);
      await createObjects(planner, contract, transport, settings.seed);
      return await fn({
        contract,
        access,
        principals,
        planner,
        transport,
        throttled: throttledApp === undefined ? undefined : injectTransport(throttledApp),
        readLimit: limits.read,
        inProcess: { db: database.db as never, identity: app.identity },
      });
    } finally {
      await throttledApp?.close();
      await app.close();
    }
  });
}

/** Objects in both tenants, through the create operations (shortest paths first, so parents exist before children). */
export async function createObjects(planner: SuiteContext, contract: Contract, transport: Transport, seed: number) {
  const tenantParameter = planner.access?.tenancy?.parameter.value;
  // `POST …/{resourceId}/archive` is an action on an object, not a collection: it would change what it acts on.
  const isAction = (operation: Operation) => {
    const before = operation.path.split('/').at(-2) ?? '';
    return before.startsWith('{') && before !== `{${tenantParameter ?? ''}}`;
  };
  const creates = contract.operations
    .filter((operation) => createdCollection(operation) !== undefined && !isAction(operation))
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  for (let round = 0; round < 2; round += 1) {
    for (const operation of creates) {
      const collection = createdCollection(operation) as string;
      for (const label of ['b', 'a'] as const) {
        const [principal] = planner.allowedPrincipals(operation, label);
        if (principal === undefined || (principal.tenantLabel !== label && planner.principals.tenants !== undefined))
          continue;
        for (const sample of sampleInputs(operation, seed + round, 12)) {
          const request = planRequest(planner, operation, sample, { principal });
          const response = await transport.send({
            method: request.method,
            url: request.url,
            headers: request.headers,
            ...(request.body === undefined ? {} : { body: request.body }),
          });
          if (response.status !== 200 && response.status !== 201) continue;
          const id = createdIdOf(response.body, response.headers['location']);
          if (id !== undefined) {
            planner.remember(collection, label, id);
            break;
          }
        }
      }
    }
  }
}

function createdIdOf(body: string, location: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(body) as { id?: unknown };
    if (typeof parsed.id === 'string' || typeof parsed.id === 'number') return String(parsed.id);
  } catch {
    // not JSON: fall back to the Location header
  }
  return location?.split('/').filter(Boolean).at(-1);
}
