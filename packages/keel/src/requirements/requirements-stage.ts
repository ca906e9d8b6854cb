import type { Stage } from '../journey/stage.ts';
import { requirementsSchemaRule } from './check-requirements-schema.ts';
import { loadRequirements } from './load-requirements.ts';
import type { Requirements } from './requirements-model.ts';
import { requirementsRules } from './rules/index.ts';
import { traceRequirements } from './trace-requirements.ts';

/**
 * Stage 1, requirements: `requirements.yaml` states who uses the service, what each of them does with it, the rules it
 * obeys, how each operation is proven and the numbers it meets. Its ids are what every later stage cites.
 *
 * @example
 * const requirements = await context.model(requirementsStage); // from another stage's rule
 * const ids = new Set(requirements?.operations.map((operation) => operation.id));
 */
export const requirementsStage: Stage<Requirements> = {
  id: 'requirements',
  title: 'requirements',
  summary: 'Who uses the service, what each of them does with it, the rules it obeys and the numbers it meets.',
  dependsOn: [],
  artifacts: (project) => [project.config.requirements],
  inputs: (project) => [project.config.requirements],
  load: loadRequirements,
  loaderRules: [requirementsSchemaRule],
  rules: requirementsRules,
  trace: traceRequirements,
  start: 'Write requirements.yaml (see docs/requirements.md), then run `keel check requirements`.',
};
