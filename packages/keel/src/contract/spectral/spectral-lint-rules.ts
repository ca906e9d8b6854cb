import type { Rule } from '../../journey/stage.ts';
import type { ContractModel } from '../contract-model.ts';
import { spectralResults } from './run-spectral.ts';
import {
  keelRuleIdOf,
  spectralDocumentation,
  spectralRuleDeclarations,
  type SpectralRuleDeclaration,
} from './spectral-rules.ts';

/**
 * One Keel rule per Spectral rule (`contract/oas-…`, `contract/owasp-…`), so that keel.yaml re-levels each by its id
 * and SARIF lists them. All of them share one Spectral run per model.
 */
export const spectralLintRules: readonly Rule<ContractModel>[] = spectralRuleDeclarations.map(spectralLintRule);

/** Whether a rule id is one of the Spectral-derived rules. */
export function isSpectralRuleId(id: string): boolean {
  return spectralLintRules.some((rule) => rule.id === id);
}

function spectralLintRule(declaration: SpectralRuleDeclaration): Rule<ContractModel> {
  return {
    id: keelRuleIdOf(declaration.code, declaration.ruleset),
    severity: declaration.severity,
    summary: declaration.summary,
    fix: `See Spectral's ${declaration.code} (${spectralDocumentation(declaration)}); when the project has a reason to differ, re-level the rule in keel.yaml with it.`,
    run: async (model) =>
      (await spectralResults(model))
        .filter((result) => result.code === declaration.code)
        .map((result) => ({ message: `${result.message} (Spectral ${declaration.code})`, at: result.at })),
  };
}
