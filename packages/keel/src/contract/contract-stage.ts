import { relative, resolve } from 'node:path';
import type { Stage } from '../journey/stage.ts';
import type { Project } from '../project/index.ts';
import { readContractFiles } from './contract-files.ts';
import { contractLoaderRules } from './contract-loader-rules.ts';
import type { ContractModel } from './contract-model.ts';
import { loadContractModel } from './load-contract-model.ts';
import { contractRules } from './rules/index.ts';
import { spectralLintRules } from './spectral/spectral-lint-rules.ts';
import { traceContract } from './trace-contract.ts';

/**
 * Stage 3, API contract: `openapi.yaml` (OpenAPI 3.1, possibly split over files) is what clients build against. The gate
 * checks its structure and references, lints it with Spectral's `spectral:oas` and OWASP rules, and holds it to Keel's
 * rules: every operation realises requirements and belongs to a module, errors are problem details, inputs are
 * bounded, lists are paged, examples are valid and the versioning scheme is declared and obeyed.
 *
 * @example
 * const contract = await context.model(contractStage); // from a later stage's rule
 * const ids = contract?.operations.map((operation) => operation.operationId);
 */
export const contractStage: Stage<ContractModel> = {
  id: 'contract',
  title: 'API contract',
  summary: 'The operations clients build against: paths, parameters, bodies, responses, security and versioning.',
  dependsOn: ['requirements', 'architecture'],
  artifacts: (project) => [project.config.contract],
  inputs: contractInputs,
  load: loadContractModel,
  loaderRules: contractLoaderRules,
  rules: [...contractRules, ...spectralLintRules],
  trace: traceContract,
  start:
    'Write openapi.yaml (OpenAPI 3.1) with an operation for each requirement operation, `x-requirements` citing it and a tag naming its module (see docs/contract.md), then run `keel check contract`.',
};

/** The contract and every file its `$ref`s reach, relative to the project root; the contract alone when it cannot be read. */
function contractInputs(project: Project): readonly string[] {
  const root = resolve(project.root, project.config.contract);
  try {
    const { files } = readContractFiles(root, project.root);
    const contract = [...files.keys()].map((path) => relative(project.root, path).split('\\').join('/'));
    // The released contracts the versioning gate compares with (decision record 0005).
    return [...contract, 'releases/*/contract/**/*'];
  } catch {
    return [project.config.contract];
  }
}
