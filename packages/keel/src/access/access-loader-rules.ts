import type { LoaderRule } from '../journey/stage.ts';

/** `access/schema`: access.yaml and access.test.yaml have the shape of decision record 0006. */
export const accessSchemaRule: LoaderRule = {
  id: 'access/schema',
  severity: 'error',
  summary: 'access.yaml and access.test.yaml follow their schemas (packages/keel/schemas/access.schema.json).',
  fix: 'Correct the file at the line given (docs/decisions/0006-access-control.md shows the format).',
};

/** `access/condition-syntax`: every condition parses in the grammar of decision record 0006. */
export const conditionSyntaxRule: LoaderRule = {
  id: 'access/condition-syntax',
  severity: 'error',
  summary: 'Every condition parses: comparisons of row., principal., path. and literals, and, or, exists(… where …).',
  fix: 'Correct the condition at the column given, e.g. `row.created_by = principal.id`.',
};

export const accessLoaderRules: readonly LoaderRule[] = [accessSchemaRule, conditionSyntaxRule];
