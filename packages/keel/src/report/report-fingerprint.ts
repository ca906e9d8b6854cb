import { existsSync } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evidencePath } from '../journey/evidence.ts';
import { hashInputs, sha256 } from '../journey/input-files.ts';
import type { Stage } from '../journey/stage.ts';
import { stageIds } from '../journey/stage-id.ts';
import type { Project } from '../project/index.ts';
import { keelVersion } from '../version.ts';

/**
 * What a report is made of: Keel and the report's own code, keel.yaml, every stage's evidence and every file its gate
 * reads. Two reports with one fingerprint are the same page (but for the time they were written), so a journey that
 * changed nothing keeps the page it has instead of loading every model again.
 */
export async function reportFingerprint(project: Project, stages: readonly Stage[]): Promise<string> {
  const parts = await Promise.all([
    reportSources(),
    fileHash(join(project.root, 'keel.yaml')),
    ...stageIds.map((id) => fileHash(evidencePath(project, id))),
    ...stages.map(async (stage) => JSON.stringify(await hashInputs(project.root, stage.inputs(project)))),
  ]);
  return sha256([`keel ${keelVersion}`, ...parts].join('\n'));
}

/** The fingerprint a report file was written with, from its `<meta name="keel-fingerprint">`; undefined if none. */
export async function writtenFingerprint(path: string): Promise<string | undefined> {
  if (!existsSync(path)) return undefined;
  const file = await open(path, 'r');
  try {
    // The meta element is in the head, within the first kilobytes.
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4096), 0, 4096, 0);
    return /<meta name="keel-fingerprint" content="([^"]+)"/.exec(buffer.subarray(0, bytesRead).toString('utf8'))?.[1];
  } finally {
    await file.close();
  }
}

async function fileHash(path: string): Promise<string> {
  try {
    return sha256(await readFile(path));
  } catch {
    return 'absent';
  }
}

let sources: Promise<string> | undefined;

/** The report's own code: a Keel being developed changes it without changing its version. */
function reportSources(): Promise<string> {
  sources ??= (async () => {
    const names = (await readdir(import.meta.dirname)).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
    );
    const contents = await Promise.all(names.sort().map((name) => readFile(join(import.meta.dirname, name))));
    return sha256(Buffer.concat(contents));
  })();
  return sources;
}
