import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Issue } from '../journey/finding.ts';
import type { LoaderRule } from '../journey/stage.ts';
import { schemaIssues, type SourceFile } from '../source/index.ts';
import { requirementsSchema } from './requirements-schema.ts';

/** The loader's rule: the file has the shape of `requirements.yaml`. */
export const requirementsSchemaRule: LoaderRule = {
  id: 'requirements/schema',
  severity: 'error',
  summary: 'The file matches the schema of requirements.yaml.',
  fix: 'Correct the entry at the line given (docs/requirements.md shows the format; the published schema completes it in editors).',
};

// Compiled on first use: `keel status` loads every stage's module and never validates.
let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true, strict: false, verbose: true }).compile(requirementsSchema);
  return compiled;
}

/** Every place the file departs from the schema, each at its key's line and column, in words a person reads. */
export function checkRequirementsSchema(source: SourceFile): Issue[] {
  return schemaIssues(source, validator(), {
    entityKinds: {
      actors: 'actor',
      operations: 'operation',
      acceptance: 'criterion',
      rules: 'rule',
      nonFunctional: 'requirement',
    },
  });
}
