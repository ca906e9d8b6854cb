import { relative, resolve } from 'node:path';
import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import type { ContractModel } from '../contract-model.ts';
import { lastContractRelease } from '../last-release.ts';

/**
 * `contract/breaking-without-major`: against the last release's contract snapshot, a breaking change needs a new major
 * version, since clients of the released major keep sending and reading what it promised.
 */
export const breakingWithoutMajor: Rule<ContractModel> = {
  id: 'contract/breaking-without-major',
  severity: 'error',
  summary:
    'Against the last release (releases/<version>/contract/), every breaking change comes with a new major `info.version`.',
  fix: 'Make the change compatible (an optional field, a looser request, a new operation beside the old one), or bump the major version of `info.version` (and of the URL, with `scheme: url`).',
  async run(model, context) {
    const release = lastContractRelease(context.project);
    if (release === undefined) return []; // contract/no-release-yet says so
    const major = Number(/^(\d+)\./.exec(model.info.version ?? '')?.[1] ?? Number.NaN);
    if (major > release.major) return [];
    // Loaded here: the diff engine is only needed when a release exists.
    const { diffContracts, loadContractSide } = await import('../diff/index.ts');
    const options = { dir: context.project.root, defaultContract: context.project.config.contract };
    const [base, head] = await Promise.all([
      loadContractSide(release.contract, options),
      loadContractSide(context.project.config.contract, options),
    ]);
    const issues: Issue[] = [];
    for (const change of diffContracts(base, head).changes) {
      if (change.level !== 'breaking') continue;
      issues.push({
        message: `breaking since release ${release.version}, yet info.version is ${model.info.version ?? '(none)'}: ${change.message}${change.operations.length > 0 ? ` (${change.operations.join(', ')})` : ''}`,
        // The diff names files as it loaded them; a finding names them from the project root, like every other.
        at: { ...change.head, file: relative(context.project.root, resolve(context.project.root, change.head.file)) },
      });
    }
    return issues;
  },
};

/** `contract/no-release-yet`: says that the versioning gate had nothing to compare with, so a report shows why it passed. */
export const noReleaseYet: Rule<ContractModel> = {
  id: 'contract/no-release-yet',
  severity: 'info',
  summary:
    'The project has a released contract (releases/<version>/contract/) for the versioning gate to compare with.',
  fix: 'Nothing to do before the first release: `keel ship` writes the snapshot this gate compares with.',
  run: (model, context) =>
    lastContractRelease(context.project) === undefined
      ? [
          {
            message: 'no release yet (releases/<version>/contract/): breaking changes are not checked against one',
            at: model.info.versionAt,
          },
        ]
      : [],
};
