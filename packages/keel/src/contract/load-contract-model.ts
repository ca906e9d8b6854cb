import { resolve } from 'node:path';
import type { Issue } from '../journey/finding.ts';
import type { CheckContext, Loaded } from '../journey/stage.ts';
import { buildContractModel } from './build-contract-model.ts';
import { readContractFiles } from './contract-files.ts';
import { structureRule, unresolvedRefRule } from './contract-loader-rules.ts';
import type { ContractModel } from './contract-model.ts';
import { DocumentSet } from './document-set.ts';

/**
 * Loads the project's contract and every file it references. Broken references and structure are issues of
 * `contract/unresolved-ref` and `contract/structure`; without some referenced file there is no model. A missing or
 * unparsable root throws KeelError (the runner reports it).
 */
export async function loadContractModel(context: CheckContext): Promise<Loaded<ContractModel>> {
  const { project } = context;
  const rootPath = resolve(project.root, project.config.contract);
  const scan = readContractFiles(rootPath, project.root);
  const issues: (Issue & { rule: string })[] = scan.problems.map(({ kind, ...issue }) => ({
    ...issue,
    rule: kind === 'structure' ? structureRule.id : unresolvedRefRule.id,
  }));
  if (!scan.complete) return { model: undefined, issues };
  const built = buildContractModel(await DocumentSet.load(rootPath, project.root));
  for (const issue of built.issues) issues.push({ ...issue, rule: structureRule.id });
  return { model: built.model, issues };
}
