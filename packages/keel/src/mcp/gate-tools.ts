import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { buildPlaybooks, findPlaybook, renderPlaybook } from '../agents/index.ts';
import { KeelError } from '../errors/index.ts';
import { checkStages } from '../journey/check-stages.ts';
import { evidencePath } from '../journey/evidence.ts';
import type { Finding } from '../journey/finding.ts';
import { journeyStatus } from '../journey/journey-status.ts';
import { stages } from '../journey/registry.ts';
import type { Stage } from '../journey/stage.ts';
import { isStageId, stageIds, type StageId } from '../journey/stage-id.ts';
import { buildTraceIndex, traceId } from '../journey/trace.ts';
import { loadProject, type Project } from '../project/index.ts';
import { keelVersion } from '../version.ts';
import { answer, progressOf, type ToolExtra } from './tool-result.ts';
import { relative } from 'node:path';

const counts = z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() });

/** What a check answers: each stage's result, and every finding with what an agent needs to act on it. */
const checkOutput = {
  ok: z.boolean().describe('false while any finding is an error'),
  keelVersion: z.string(),
  stages: z.array(
    z.object({
      stage: z.string(),
      result: z.enum(['passed', 'failed']),
      counts,
      rules: z.number().int(),
      evidence: z.string().describe('the evidence file written, relative to the project'),
    }),
  ),
  findings: z.array(
    z.object({
      stage: z.string(),
      rule: z.string(),
      severity: z.enum(['error', 'warning', 'info']),
      file: z.string(),
      line: z.number().int().optional(),
      column: z.number().int().optional(),
      message: z.string(),
      fix: z.string(),
      code: z.string().optional(),
    }),
  ),
};

/** The journey's tools: status, a stage's check, tests and audit (when this Keel has them), trace, playbooks. */
export function registerGateTools(server: McpServer, dir: string): void {
  server.registerTool(
    'status',
    {
      title: 'Journey status',
      description:
        'Each of the nine stages (passing, failing, stale, not started, and whether this Keel has its gate) and the one next step, from evidence and file hashes; re-runs no gate.',
      inputSchema: {},
      annotations: { readOnlyHint: true },
    },
    () =>
      answer(async () => {
        const status = await journeyStatus(await loadProject(dir), stages);
        return { ok: status.stages.every((stage) => stage.state === 'passing'), keelVersion, ...status };
      }),
  );

  server.registerTool(
    'check',
    {
      title: 'Check stages',
      description:
        'Run the gates of the given stages (default: every stage this Keel checks), write their evidence, and return every finding with its rule, severity, file, line and fix. ok is false while any finding is an error. Reports progress per stage.',
      inputSchema: {
        stages: z
          .array(z.string())
          .optional()
          .describe(`stage names, in any order: ${stageIds.join(', ')}`),
        database: z.string().optional().describe('a PostgreSQL server URL for scratch databases (default: PGlite)'),
      },
      outputSchema: checkOutput,
    },
    (args, extra) =>
      answer(async () => {
        const chosen = (args.stages ?? stages.map((stage) => stage.id)).map(stageNamed);
        return runChecks(await loadProject(dir), chosen, args.database, extra);
      }),
  );

  const stageTool = (name: string, stage: StageId, command: string, what: string) =>
    server.registerTool(
      name,
      {
        title: what,
        description: `${what}: run the ${stage} stage's gate (\`${command}\`) and return its findings. Answers KEEL_STAGE_NOT_AVAILABLE while this Keel has no ${stage} gate.`,
        inputSchema: {
          database: z.string().optional().describe('a PostgreSQL server URL (default: PGlite)'),
        },
        outputSchema: checkOutput,
      },
      (args, extra) => answer(async () => runChecks(await loadProject(dir), [stageNamed(stage)], args.database, extra)),
    );
  stageTool('run_tests', 'tests', 'keel test', 'Run the tests');
  stageTool('run_audit', 'security', 'keel audit', 'Run the security audit');

  server.registerTool(
    'trace',
    {
      title: 'Trace an identifier',
      description:
        'The chain of a requirement, rule, criterion, decision, module or operation id through every artifact: what it derives from (upstream) and what was built on it (downstream).',
      inputSchema: { id: z.string().min(1).describe('e.g. R-BOOK-1, BR-BOOK-1, AC-BOOK-1-1, ADR-0003') },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      answer(async () => {
        const project = await loadProject(dir);
        return { ok: true, ...traceId(await buildTraceIndex(project, stages), args.id) };
      }),
  );

  server.registerTool(
    'playbook',
    {
      title: 'Read a playbook',
      description:
        'The playbook of a stage (or of the whole journey): what it is for, what to read, what to produce by which conventions and rules, the command that proves it, and how to act on each kind of finding.',
      inputSchema: {
        name: z
          .string()
          .min(1)
          .describe(`journey, or a stage: ${stageIds.join(', ')}`),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      answer(async () => {
        const playbook = findPlaybook(buildPlaybooks(await loadProject(dir), stages), args.name);
        return {
          ok: true,
          name: playbook.name,
          available: playbook.available,
          markdown: renderPlaybook(playbook),
          playbook,
        };
      }),
  );
}

/** A stage this Keel can check, by name; an unknown or not-yet-built stage is a KeelError. */
function stageNamed(name: string): Stage {
  if (!isStageId(name)) {
    throw new KeelError('KEEL_UNKNOWN_STAGE', `${name} is not a stage`, { extensions: { stage: name } });
  }
  const stage = stages.find((candidate) => candidate.id === name);
  if (stage === undefined) {
    throw new KeelError('KEEL_STAGE_NOT_AVAILABLE', `Keel ${keelVersion} has no gate for the ${name} stage yet`, {
      extensions: { stage: name, available: stages.map((candidate) => candidate.id) },
    });
  }
  return stage;
}

async function runChecks(
  project: Project,
  chosen: readonly Stage[],
  databaseUrl: string | undefined,
  extra: ToolExtra,
): Promise<Record<string, unknown>> {
  const progress = progressOf(extra);
  const ordered = stages.filter((stage) => chosen.includes(stage));
  const results = [];
  for (const [index, stage] of ordered.entries()) {
    await progress(index, ordered.length, `checking ${stage.id}`);
    const [checked] = await checkStages(project, [stage], stages, databaseUrl === undefined ? {} : { databaseUrl });
    if (checked !== undefined) results.push(checked);
  }
  await progress(ordered.length, ordered.length, 'done');
  return {
    ok: results.every(({ result }) => result.passed),
    keelVersion,
    stages: results.map(({ result }) => ({
      stage: result.stage,
      result: result.passed ? 'passed' : 'failed',
      counts: result.counts,
      rules: result.ruleCount,
      evidence: relative(project.root, evidencePath(project, result.stage)),
    })),
    findings: results.flatMap(({ result }) => result.findings.map(flatFinding)),
  };
}

/** A finding with its location spread out: what an agent needs to open the file and apply the fix. */
function flatFinding(finding: Finding): Record<string, unknown> {
  return {
    stage: finding.stage,
    rule: finding.rule,
    severity: finding.severity,
    file: finding.location.file,
    ...(finding.location.line === undefined ? {} : { line: finding.location.line }),
    ...(finding.location.column === undefined ? {} : { column: finding.location.column }),
    message: finding.message,
    fix: finding.fix,
    ...(finding.code === undefined ? {} : { code: finding.code }),
  };
}
