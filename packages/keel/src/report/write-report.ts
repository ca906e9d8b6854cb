import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KeelError } from '../errors/index.ts';
import type { Stage } from '../journey/stage.ts';
import type { Project } from '../project/index.ts';
import { gatherReportData } from './report-data.ts';
import { reportFingerprint, writtenFingerprint } from './report-fingerprint.ts';
import { renderReport } from './report-page.ts';

/** `.keel/report/index.html` of a project. */
export function reportPath(project: Project): string {
  return join(project.root, '.keel', 'report', 'index.html');
}

export interface WriteReportOptions {
  /** Where to write; `.keel/report/index.html` of the project by default. */
  readonly path?: string;
  /** Write the page even when the one there was made from the same evidence and artifacts. */
  readonly force?: boolean;
}

/**
 * Writes the project's report from its evidence and artifacts (no gate runs) and returns its path. A report already
 * made from the same evidence and artifacts (see reportFingerprint) is kept as it is. The file is replaced
 * atomically: a browser that reloads never sees half a page.
 *
 * @example
 * const path = await writeReport(project, stages); // …/.keel/report/index.html
 */
export async function writeReport(
  project: Project,
  stages: readonly Stage[],
  options: WriteReportOptions = {},
): Promise<string> {
  const path = options.path ?? reportPath(project);
  const fingerprint = await reportFingerprint(project, stages);
  if (options.force !== true && (await writtenFingerprint(path).catch(() => undefined)) === fingerprint) return path;
  const page = renderReport(await gatherReportData(project, stages), fingerprint);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(temporary, page);
    await rename(temporary, path);
  } catch (error) {
    throw new KeelError(
      'KEEL_REPORT_NOT_WRITTEN',
      `the report could not be written to ${path}: ${(error as Error).message}`,
      {
        location: { file: path },
        cause: error,
      },
    );
  }
  return path;
}
