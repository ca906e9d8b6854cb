import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Issue } from '../../journey/finding.ts';
import { sha256 } from '../../journey/input-files.ts';
import type { Rule } from '../../journey/stage.ts';
import { releaseRecordFile } from '../releases.ts';
import type { ShipInput } from '../ship-input.ts';

/**
 * `ship/release-altered`: a release is never rewritten (decision record 0010). Every file its record lists still has
 * the SHA-256 recorded, so that what `keel rollback` and an operator redeploy is what was released.
 */
export const releaseAltered: Rule<ShipInput> = {
  id: 'ship/release-altered',
  severity: 'error',
  summary: 'Every file of every release (releases/<version>/) still has the SHA-256 its release.json records.',
  fix: 'Restore the release’s files from the commit that wrote them (`git checkout <commit> -- releases/<version>`); change things in a new release.',
  async run(input, context) {
    const issues: Issue[] = [];
    for (const release of input.releases) {
      for (const [path, recorded] of Object.entries(release.record.artifacts)) {
        const content = await readFile(join(context.project.root, path)).catch(() => undefined);
        const at = { file: `${release.folder}/${releaseRecordFile}` };
        if (content === undefined) {
          issues.push({ message: `${path} of release ${release.version} is missing`, at });
        } else if (sha256(content) !== recorded) {
          issues.push({
            message: `${path} was changed after release ${release.version} wrote it: its SHA-256 is not the recorded one`,
            at: { file: path },
          });
        }
      }
    }
    return issues;
  },
};
