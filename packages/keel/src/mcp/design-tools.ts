import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { KeelError } from '../errors/index.ts';
import { createCheckContext } from '../journey/check-context.ts';
import { loadProject } from '../project/index.ts';
import { answer, progressOf } from './tool-result.ts';

/** Tools about the design artifacts: the contract diff and a query's plan. */
export function registerDesignTools(server: McpServer, dir: string): void {
  server.registerTool(
    'contract_diff',
    {
      title: 'Contract diff',
      description:
        'Classify every change between two versions of the API contract as breaking, possibly breaking or non-breaking, each with its operations and locations. A side is a file or REV:path read from git (REV: alone is the project contract at that revision).',
      inputSchema: {
        base: z.string().min(1).describe('the old contract, e.g. HEAD~1:openapi.yaml, main:, or a file'),
        head: z.string().min(1).optional().describe('the new contract (default: the project contract as it is now)'),
        failOn: z
          .enum(['breaking', 'possibly', 'none'])
          .optional()
          .describe('ok is false at this level (default: breaking)'),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      answer(async () => {
        const project = await loadProject(dir);
        const { diffContracts, loadContractSide } = await import('../contract/diff/index.ts');
        const sideOptions = { dir: project.root, defaultContract: project.paths.contract };
        const base = await loadContractSide(args.base, sideOptions);
        const head = await loadContractSide(args.head ?? project.paths.contract, sideOptions);
        const diff = diffContracts(base, head);
        const failOn = args.failOn ?? 'breaking';
        const failed =
          failOn === 'breaking'
            ? diff.counts.breaking > 0
            : failOn === 'possibly' && diff.counts.breaking + diff.counts['possibly-breaking'] > 0;
        return { ok: !failed, failOn, ...diff };
      }),
  );

  server.registerTool(
    'explain_query',
    {
      title: 'Explain a query plan',
      description:
        'Apply the migrations to a scratch database, seed every table as queries.yaml says, run ANALYZE and EXPLAIN the declared queries (one by name, or all): the plan, whether it uses indexes, and the index to create when it does not. Reports progress by phase.',
      inputSchema: {
        query: z.string().min(1).optional().describe('a query name from queries.yaml (default: every query)'),
        database: z.string().optional().describe('a PostgreSQL server URL for the scratch database (default: PGlite)'),
      },
    },
    (args, extra) =>
      answer(async () => {
        const project = await loadProject(dir);
        const [plans, { readMigrations }] = await Promise.all([
          import('../model/plans/index.ts'),
          import('../migrations/index.ts'),
        ]);
        if (!existsSync(join(project.root, plans.queriesFile))) {
          throw new KeelError('KEEL_FILE_NOT_FOUND', `${plans.queriesFile} does not exist`, {
            location: { file: plans.queriesFile },
            fix: 'Declare the list queries the handlers run in queries.yaml (see docs/model.md), then explain them.',
          });
        }
        const declaration = plans.readQueriesDeclaration(await createCheckContext(project).source(plans.queriesFile));
        const queries =
          args.query === undefined
            ? declaration.queries
            : declaration.queries.filter((query) => query.name === args.query);
        if (queries.length === 0) {
          throw new KeelError('KEEL_QUERY_UNKNOWN', `queries.yaml declares no query named ${args.query ?? '(none)'}`, {
            fix: `Use one of: ${declaration.queries.map((query) => query.name).join(', ') || '(queries.yaml declares none)'}.`,
            extensions: { queries: declaration.queries.map((query) => query.name) },
          });
        }
        const progress = progressOf(extra);
        let step = 0;
        await progress(step, undefined, 'starting a scratch database');
        const proof = await plans.proveQueryPlans({
          migrations: await readMigrations(project.paths.migrations),
          declaration: { ...declaration, queries },
          databaseUrl: args.database,
          timings: {
            totals: new Map(),
            add: (phase) => {
              step += 1;
              void progress(step, undefined, `${phase} done`);
            },
          },
        });
        const results = proof.plans.map((result) => ({
          name: result.query.name,
          ...(result.query.operation === undefined ? {} : { operation: result.query.operation }),
          sql: result.query.sql.trim(),
          file: result.query.at.file,
          ...(result.query.at.line === undefined ? {} : { line: result.query.at.line }),
          usesIndexes: result.error === undefined && result.problems.length === 0,
          ...(result.plan === undefined ? {} : { plan: plans.summarisePlan(result.plan) }),
          ...(result.error === undefined ? {} : { error: result.error }),
          problems: result.problems,
        }));
        return {
          ok: results.every((result) => result.usesIndexes) && proof.seedFailures.length === 0,
          rows: proof.rows,
          seedFailures: proof.seedFailures,
          queries: results,
        };
      }),
  );
}
