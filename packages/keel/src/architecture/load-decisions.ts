import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Issue } from '../journey/finding.ts';
import type { Project } from '../project/index.ts';
import type { Decision } from './architecture-model.ts';
import { parseDecision } from './parse-decision.ts';

/** A decisions folder's README describes the folder; it is not a record. */
const notARecord = /^readme\.md$/i;

/**
 * Reads every decision record (`*.md` directly in the project's decisions folder, a README aside), in file-name order.
 * A missing folder means no decisions: the gate then reports each undecided topic.
 */
export async function loadDecisions(
  project: Project,
): Promise<{ readonly decisions: readonly Decision[]; readonly issues: readonly Issue[] }> {
  const dir = resolve(project.root, project.config.decisions);
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.md') && !notARecord.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { decisions: [], issues: [] };
    throw error;
  }
  const parsed = await Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      const file = relative(project.root, path).split('\\').join('/');
      return parseDecision(await readFile(path, 'utf8'), path, file);
    }),
  );
  return {
    decisions: Object.freeze(parsed.map(({ decision }) => decision)),
    issues: Object.freeze(parsed.flatMap(({ issues }) => issues)),
  };
}
