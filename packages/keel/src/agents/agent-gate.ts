import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { matchesGlob, resolve } from 'node:path';
import { promisify } from 'node:util';
import { checkStages } from '../journey/check-stages.ts';
import { journeyStatus, type StageStatus } from '../journey/journey-status.ts';
import type { Stage } from '../journey/stage.ts';
import type { StageId } from '../journey/stage-id.ts';
import type { Project } from '../project/index.ts';

const run = promisify(execFile);

/** Which files a gate looks at: what is staged (a commit), or every uncommitted change (an agent stopping). */
export type ChangeScope = 'staged' | 'uncommitted';

export interface GateVerdict {
  readonly ok: boolean;
  /** The changed files, relative to the project; null outside git, where every started stage counts as touched. */
  readonly changed: readonly string[] | null;
  readonly touched: readonly StageId[];
  /**
   * Touched stages, and stages they build on, that are not passing (failing, stale, never checked), in journey order,
   * each with the command that fixes it.
   */
  readonly blocking: readonly {
    readonly stage: StageId;
    readonly state: StageStatus['state'];
    readonly reasons: readonly string[];
    readonly command: string;
  }[];
  /** Whether the touched stages' gates were run again for this verdict (`--recheck`), rather than read from evidence. */
  readonly rechecked: boolean;
}

/**
 * The verdict a hook acts on: the stages whose inputs the change touched, and those of them (or of the stages they
 * build on) that are not passing. With `recheck`, those gates run first, so the verdict rests on the files as they
 * are and not on evidence that anyone (an agent included) could have written.
 */
export async function gateVerdict(
  project: Project,
  stages: readonly Stage[],
  options: { readonly scope: ChangeScope; readonly recheck: boolean },
): Promise<GateVerdict> {
  const changed = await changedFiles(project.root, options.scope);
  const before = await journeyStatus(project, stages);
  const stateOf = (id: StageId, status: typeof before) => status.stages.find((stage) => stage.stage === id)?.state;
  // A stage whose artifacts do not exist yet has not been started: the change cannot have broken it.
  const started = (stage: Stage): boolean =>
    stage.artifacts(project).every((path) => existsSync(resolve(project.root, path)));
  const touched = stages
    .filter(started)
    .filter((stage) => {
      if (changed === null) return (stateOf(stage.id, before) ?? 'not-started') !== 'not-started';
      const patterns = stage.inputs(project);
      return changed.some((file) => patterns.some((pattern) => matchesGlob(file, pattern)));
    })
    .map((stage) => stage.id);
  // A touched stage cannot pass while a stage it builds on does not: those are judged (and named) too.
  const judged = new Set(touched);
  for (const id of [...touched]) {
    for (const upstream of upstreamOf(id, stages)) {
      const stage = stages.find((candidate) => candidate.id === upstream);
      if (stage !== undefined && started(stage) && stateOf(upstream, before) !== 'passing') judged.add(upstream);
    }
  }
  const rechecked = options.recheck && judged.size > 0;
  if (rechecked) {
    await checkStages(
      project,
      stages.filter((stage) => judged.has(stage.id)),
      stages,
    );
  }
  const status = rechecked ? await journeyStatus(project, stages) : before;
  const blocking = status.stages
    .filter((stage) => judged.has(stage.stage) && stage.state !== 'passing')
    .map((stage) => ({
      stage: stage.stage,
      state: stage.state,
      reasons: stage.reasons,
      command: `keel check ${stage.stage}`,
    }));
  return { ok: blocking.length === 0, changed, touched, blocking, rechecked };
}

/** Every stage the given one builds on, directly or not, that this Keel checks. */
function upstreamOf(id: StageId, stages: readonly Stage[]): StageId[] {
  const found = new Set<StageId>();
  const visit = (current: StageId): void => {
    for (const dependency of stages.find((stage) => stage.id === current)?.dependsOn ?? []) {
      if (found.has(dependency)) continue;
      found.add(dependency);
      visit(dependency);
    }
  };
  visit(id);
  return [...found];
}

/** What a blocked hook tells the agent (or the person committing): each stage, why, and the command that fixes it. */
export function describeVerdict(verdict: GateVerdict): string {
  const lines = verdict.blocking.map(
    (stage) =>
      `- ${stage.stage} is ${stage.state.replace('-', ' ')}${stage.reasons.length > 0 ? ` (${stage.reasons.slice(0, 3).join('; ')})` : ''}: run \`${stage.command}\` and fix what it reports.`,
  );
  return [
    `Keel: ${verdict.blocking.length === 1 ? 'a stage' : 'stages'} this change touched ${verdict.blocking.length === 1 ? 'is' : 'are'} not passing, so the work is not done.`,
    ...lines,
    'The gate decides, not a claim that the work is finished: make the command pass, then try again.',
  ].join('\n');
}

async function changedFiles(root: string, scope: ChangeScope): Promise<string[] | null> {
  try {
    const git = (args: string[]) => run('git', args, { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    const lines = (text: string) => text.split('\n').filter((line) => line !== '');
    if (scope === 'staged') return lines((await git(['diff', '--cached', '--name-only', '--relative'])).stdout);
    const [tracked, untracked] = await Promise.all([
      git(['diff', 'HEAD', '--name-only', '--relative']).catch(() =>
        git(['diff', '--cached', '--name-only', '--relative']),
      ),
      git(['ls-files', '--others', '--exclude-standard']),
    ]);
    return [...new Set([...lines(tracked.stdout), ...lines(untracked.stdout)])].sort();
  } catch {
    return null;
  }
}
