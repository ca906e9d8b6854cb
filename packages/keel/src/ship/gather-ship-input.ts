import { contractStage } from '../contract/contract-stage.ts';
import { diffContracts, loadContractSide } from '../contract/diff/index.ts';
import { gitCommit } from '../journey/evidence.ts';
import { journeyStatus } from '../journey/journey-status.ts';
import type { CheckContext, Stage } from '../journey/stage.ts';
import { readMigrations } from '../migrations/index.ts';
import { modelStage } from '../model/model-stage.ts';
import { requirementsStage } from '../requirements/requirements-stage.ts';
import { readReleases } from './releases.ts';
import { compareSemver, parseSemver } from './semver.ts';
import type { ShipInput } from './ship-input.ts';

/** Reads everything the readiness gate judges, each artifact once. */
export async function gatherShipInput(
  context: CheckContext,
  stages: readonly Stage[],
  options: { readonly version?: string | undefined; readonly mode?: ShipInput['mode'] },
): Promise<ShipInput> {
  const mode = options.mode ?? 'release';
  const { project } = context;
  const [status, commit, contract, requirements, dataModel, migrations] = await Promise.all([
    journeyStatus(project, stages),
    gitCommit(project.root),
    context.model(contractStage),
    context.model(requirementsStage),
    context.model(modelStage),
    readMigrations(project.paths.migrations),
  ]);
  const version = options.version ?? contract?.info.version;
  const semver = version === undefined ? undefined : parseSemver(version);
  const releases = readReleases(project);
  const previous =
    semver === undefined
      ? releases.at(-1)
      : releases.filter((release) => compareSemver(release.semver, semver) < (mode === 'gate' ? 1 : 0)).at(-1);
  let diff: ShipInput['diff'];
  if (previous !== undefined && contract !== undefined) {
    const sideOptions = { dir: project.root, defaultContract: project.config.contract };
    const [base, head] = await Promise.all([
      loadContractSide(`${previous.folder}/contract/${project.config.contract}`, sideOptions),
      loadContractSide(project.config.contract, sideOptions),
    ]);
    diff = diffContracts(base, head);
  }
  return {
    mode,
    version,
    semver,
    versionSource: options.version === undefined ? 'contract' : 'option',
    status,
    commit,
    releases,
    previous,
    contract,
    diff,
    requirements,
    dataModel,
    migrations,
  };
}
