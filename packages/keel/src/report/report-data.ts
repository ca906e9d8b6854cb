import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AccessModel } from '../access/access-model.ts';
import type { Architecture } from '../architecture/architecture-model.ts';
import type { ContractModel } from '../contract/contract-model.ts';
import type { ContractDiff } from '../contract/diff/index.ts';
import { lastContractRelease } from '../contract/last-release.ts';
import { createCheckContext } from '../journey/check-context.ts';
import { readEvidence, type Evidence } from '../journey/evidence.ts';
import { sha256 } from '../journey/input-files.ts';
import { journeyStatus, type JourneyStatus, type StageStatus } from '../journey/journey-status.ts';
import type { Stage, TraceNode } from '../journey/stage.ts';
import { stageIds, type StageId } from '../journey/stage-id.ts';
import { buildTraceIndex, type TraceIndex } from '../journey/trace.ts';
import type { DataModel } from '../model/model-model.ts';
import type { Project } from '../project/index.ts';
import type { Requirements } from '../requirements/requirements-model.ts';
import { keelVersion } from '../version.ts';

/** Everything the report shows, gathered from the evidence and the artifacts: no gate runs. */
export interface ReportData {
  readonly projectName: string;
  readonly generatedAt: Date;
  readonly keelVersion: string;
  readonly status: JourneyStatus;
  readonly stages: readonly StageReport[];
  readonly models: Models;
  readonly trace: TraceIndex;
  /** The table each contract operation's rows come from. */
  readonly operationTables: ReadonlyMap<string, string>;
  readonly contractDiff: ContractDiffReport;
  /** The SHA-256 of each migration file as it is now, to tell whether its proof still holds. */
  readonly migrationHashes: ReadonlyMap<string, string>;
}

export interface StageReport {
  readonly id: StageId;
  /** Absent for a stage this version of Keel has no gate for. */
  readonly stage: Stage | undefined;
  readonly status: StageStatus;
  readonly evidence: Evidence | undefined;
}

/** The models of the stages whose artifacts can be read; each is undefined otherwise. */
export interface Models {
  readonly requirements: Requirements | undefined;
  readonly architecture: Architecture | undefined;
  readonly contract: ContractModel | undefined;
  readonly model: DataModel | undefined;
  readonly access: AccessModel | undefined;
}

export type ContractDiffReport =
  | { readonly kind: 'no-release' }
  | { readonly kind: 'diff'; readonly release: string; readonly diff: ContractDiff }
  | { readonly kind: 'error'; readonly release: string; readonly message: string };

/**
 * Reads the journey's evidence and loads each stage's model once (the trace index shares them). Unreadable artifacts
 * leave their part of the report empty; they are the gates' business.
 */
export async function gatherReportData(project: Project, stages: readonly Stage[]): Promise<ReportData> {
  const context = createCheckContext(project);
  const byId = new Map(stages.map((stage) => [stage.id, stage]));
  const load = async <Model>(id: StageId): Promise<Model | undefined> => {
    const stage = byId.get(id) as Stage<Model> | undefined;
    if (stage === undefined) return undefined;
    try {
      return await context.model(stage);
    } catch {
      return undefined; // a loader that fails outright: the gate reports it, the report shows what it can
    }
  };
  const [status, evidence, requirements, architecture, contract, model, access] = await Promise.all([
    journeyStatus(project, stages),
    Promise.all(stageIds.map((id) => readEvidence(project, id))),
    load<Requirements>('requirements'),
    load<Architecture>('architecture'),
    load<ContractModel>('contract'),
    load<DataModel>('model'),
    load<AccessModel>('access'),
  ]);
  const [trace, operationTables, contractDiff, migrationHashes] = await Promise.all([
    // The design stages' models are their parsed artifacts; later stages (a review of the change, a test run) may do
    // real work to load theirs, so their identifiers join from their evidence (`trace.json`) instead.
    buildTraceIndex(project, stages.filter(isDesignStage), context)
      .catch((): TraceIndex => ({ nodes: new Map(), incoming: new Map() }))
      .then((index) => withEvidenceNodes(index, evidence)),
    tablesOfOperations(access, context),
    diffWithLastRelease(project),
    hashMigrations(project, model),
  ]);
  return {
    projectName: project.config.name,
    generatedAt: new Date(),
    keelVersion,
    status,
    stages: stageIds.map((id, index) => ({
      id,
      stage: byId.get(id),
      status: status.stages.find((entry) => entry.stage === id) ?? {
        stage: id,
        state: 'not-started',
        available: false,
        reusable: false,
        reasons: [],
      },
      evidence: evidence[index],
    })),
    models: { requirements, architecture, contract, model, access },
    trace,
    operationTables,
    contractDiff,
    migrationHashes,
  };
}

const lastDesignStage = stageIds.indexOf('access');

function isDesignStage(stage: Stage): boolean {
  return stageIds.indexOf(stage.id) <= lastDesignStage;
}

/** The output in which a stage keeps the identifiers it defines (`TraceNode[]` as JSON), for the report's matrix. */
export const traceOutput = 'trace.json';

/** The index with the identifiers later stages kept in their evidence; a malformed list is left out. */
function withEvidenceNodes(index: TraceIndex, evidence: readonly (Evidence | undefined)[]): TraceIndex {
  const added = evidence.flatMap((entry) => {
    const text = entry?.outputs[traceOutput];
    if (text === undefined) return [];
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed.filter(isTraceNode) : [];
    } catch {
      return [];
    }
  });
  if (added.length === 0) return index;
  const nodes = new Map(index.nodes);
  const incoming = new Map([...index.incoming].map(([id, links]) => [id, [...links]]));
  for (const node of added) {
    if (nodes.has(node.id)) continue;
    nodes.set(node.id, node);
    for (const link of node.links)
      incoming.set(link.to, [...(incoming.get(link.to) ?? []), { from: node.id, relation: link.inverse }]);
  }
  return { nodes, incoming };
}

function isTraceNode(value: unknown): value is TraceNode {
  if (typeof value !== 'object' || value === null) return false;
  const node = value as Partial<Record<keyof TraceNode, unknown>>;
  return (
    typeof node.id === 'string' &&
    typeof node.kind === 'string' &&
    typeof node.title === 'string' &&
    Array.isArray(node.links) &&
    node.links.every(
      (link: unknown) =>
        typeof link === 'object' &&
        link !== null &&
        typeof (link as { to?: unknown }).to === 'string' &&
        typeof (link as { inverse?: unknown }).inverse === 'string',
    )
  );
}

async function tablesOfOperations(
  access: AccessModel | undefined,
  context: ReturnType<typeof createCheckContext>,
): Promise<ReadonlyMap<string, string>> {
  if (access === undefined) return new Map();
  try {
    const { accessFacts } = await import('../access/access-facts.ts');
    const facts = await accessFacts(access, context);
    return new Map(
      [...facts.operations].flatMap(([id, operation]) =>
        operation.table === undefined ? [] : [[id, operation.table]],
      ),
    );
  } catch {
    return new Map();
  }
}

async function diffWithLastRelease(project: Project): Promise<ContractDiffReport> {
  const release = lastContractRelease(project);
  if (release === undefined) return { kind: 'no-release' };
  try {
    // Loaded here: the diff engine is only needed once a release exists.
    const { diffContracts, loadContractSide } = await import('../contract/diff/index.ts');
    const options = { dir: project.root, defaultContract: project.config.contract };
    const [base, head] = await Promise.all([
      loadContractSide(release.contract, options),
      loadContractSide(project.config.contract, options),
    ]);
    return { kind: 'diff', release: release.version, diff: diffContracts(base, head) };
  } catch (error) {
    return { kind: 'error', release: release.version, message: error instanceof Error ? error.message : String(error) };
  }
}

async function hashMigrations(project: Project, model: DataModel | undefined): Promise<ReadonlyMap<string, string>> {
  const files = model?.migrations.map((migration) => migration.file) ?? [];
  const hashes = await Promise.all(
    files.map(async (file) => {
      const path = resolve(project.root, file);
      return existsSync(path) ? ([file, sha256(await readFile(path))] as const) : undefined;
    }),
  );
  return new Map(hashes.filter((entry) => entry !== undefined));
}
