import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../project/index.ts';
import type { Finding } from './finding.ts';
import { runGates, runnerRules, stageRules } from './run-gate.ts';
import type { Stage } from './stage.ts';

/** A fixture folder's file listing paths (one per line) to delete from the good project before the overlay. */
const deleteList = 'fixture-delete.txt';

/**
 * The shared proof that a stage's rules are real: `fixtures/good/` is a project on which the stage reports nothing;
 * each other folder `fixtures/<rule-name>/` holds only the files that differ from `good/` (and optionally a
 * `fixture-delete.txt`), and overlaid on `good/` it must make the stage report `<stage>/<rule-name>`. Every rule of the
 * stage must have such a folder, except those `exempt` names: rules a stage takes from another tool (the contract's
 * Spectral rules), which that tool's own tests prove; the stage then proves with a few folders that they fire at all.
 */
export async function checkStageFixtures(
  stage: Stage,
  fixtures: URL,
  options: { readonly upstream?: readonly Stage[]; readonly exempt?: (ruleId: string) => boolean } = {},
): Promise<{ readonly good: readonly Finding[]; readonly bad: ReadonlyMap<string, readonly Finding[]> }> {
  const fixturesDir = fileURLToPath(fixtures);
  const folders = (await readdir(fixturesDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && entry.name !== 'good')
    .map((entry) => entry.name);
  const generic = new Set(runnerRules(stage).map((rule) => rule.id));
  const ruleIds = stageRules(stage)
    .map((rule) => rule.id)
    .filter((id) => !generic.has(id) && options.exempt?.(id) !== true);
  const missing = ruleIds.filter((id) => !folders.includes(id.slice(stage.id.length + 1)));
  assert.deepEqual(missing, [], `every rule of ${stage.id} has a fixture folder that triggers it`);
  const allStages = [...(options.upstream ?? []), stage];

  const good = await findingsFor(join(fixturesDir, 'good'), stage, allStages);
  assert.deepEqual(
    good.map((finding) => `${finding.rule} ${finding.location.file}:${finding.location.line ?? 0}: ${finding.message}`),
    [],
    `${stage.id} reports nothing on fixtures/good`,
  );
  const bad = new Map<string, readonly Finding[]>();
  for (const folder of folders) {
    const dir = await mkdtemp(join(tmpdir(), `keel-fixture-${folder}-`));
    try {
      await cp(join(fixturesDir, 'good'), dir, { recursive: true });
      const deletions = await readFile(join(fixturesDir, folder, deleteList), 'utf8').catch(() => '');
      for (const path of deletions
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)) {
        await rm(join(dir, path), { recursive: true, force: true });
      }
      await cp(join(fixturesDir, folder), dir, {
        recursive: true,
        filter: (source) => !source.endsWith(deleteList),
      });
      const findings = await findingsFor(dir, stage, allStages);
      const rule = `${stage.id}/${folder}`;
      assert.ok(
        findings.some((finding) => finding.rule === rule),
        `fixtures/${folder} makes ${stage.id} report ${rule}; it reported ${JSON.stringify(findings.map((f) => f.rule))}`,
      );
      bad.set(rule, findings);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return { good, bad };
}

async function findingsFor(dir: string, stage: Stage, allStages: readonly Stage[]): Promise<readonly Finding[]> {
  const project = await loadProject(dir);
  const [result] = await runGates(project, [stage], allStages);
  return result?.findings ?? [];
}
