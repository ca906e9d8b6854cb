import type { CheckContext, Loaded } from '../journey/stage.ts';
import { buildRequirements } from './build-requirements.ts';
import { checkRequirementsSchema, requirementsSchemaRule } from './check-requirements-schema.ts';
import type { Requirements } from './requirements-model.ts';

/**
 * Loads the project's `requirements.yaml`: every departure from the schema is an issue of `requirements/schema`, and
 * the model holds whatever entries are well formed. A missing or unparsable file throws KeelError (the runner reports
 * it); a file that is not a mapping has no model.
 */
export async function loadRequirements(context: CheckContext): Promise<Loaded<Requirements>> {
  const source = await context.source(context.project.config.requirements);
  const issues = checkRequirementsSchema(source).map((issue) => ({ ...issue, rule: requirementsSchemaRule.id }));
  return { model: buildRequirements(source), issues };
}
