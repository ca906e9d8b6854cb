import type { Issue } from '../journey/finding.ts';
import type { Rule, Stage } from '../journey/stage.ts';
import { gatherShipInput } from './gather-ship-input.ts';
import { gateRules } from './readiness/index.ts';
import type { ShipInput } from './ship-input.ts';
import { buildRelease, bundleRule } from './ship-release.ts';

/** `ship/deploy-bundle` in the gate: the bundle `keel ship` would write for an unreleased info.version validates. */
const deployBundle: Rule<ShipInput> = {
  ...bundleRule,
  async run(input, context): Promise<readonly Issue[]> {
    // A released version's bundle is written already, and `ship/release-altered` holds it to its hashes.
    if (input.previous !== undefined && input.previous.version === input.version) return [];
    return (await buildRelease(context.project, input))?.bundleIssues ?? [];
  },
};

/**
 * Stage 9, ship: whether the project can be released as its contract's info.version, or, once released, still is
 * that release. Before the first release and between releases it is `keel ship --dry-run` without the commit (the
 * tree need not be committed to be checked) and without re-judging the earlier stages (stage 9 depends on all of them,
 * so `keel status` shows it stale while any of them does not pass). Nothing is written: `keel ship` makes the release.
 *
 * @example
 * const [checked] = await checkStages(project, [shipStage], stages);
 */
export const shipStage: Stage<ShipInput> = {
  id: 'ship',
  title: 'ship',
  summary:
    'The contract’s info.version can be released (a new version bumped as the contract diff requires, migrations that roll back and keep the previous release working, a deploy bundle that validates), or is released and unchanged.',
  dependsOn: ['requirements', 'architecture', 'contract', 'model', 'access', 'review', 'tests', 'security'],
  artifacts: (project) => [project.config.contract],
  inputs: (project) => [
    project.config.contract,
    'schemas/**',
    `${project.config.migrations}/*.sql`,
    project.config.requirements,
    'keel.yaml',
    'releases/**',
  ],
  async load(context) {
    // Loaded here: the registry lists this stage, and the release's record names every stage's state.
    const { stages } = await import('../journey/registry.ts');
    return { model: await gatherShipInput(context, stages, { mode: 'gate' }), issues: [] };
  },
  loaderRules: [],
  rules: [...gateRules, deployBundle],
  start: 'Once every earlier stage passes, set the contract’s info.version and run `keel ship --dry-run`.',
};
