import type { Stage } from '../journey/stage.ts';
import { accessLoaderRules } from './access-loader-rules.ts';
import { accessMatrix } from './access-matrix.ts';
import type { AccessModel } from './access-model.ts';
import { accessRules } from './rules/index.ts';
import { traceAccess } from './trace-access.ts';

/**
 * Stage 5, access control: `access.yaml` (decision record 0006) says who may call each operation, on which rows, and
 * which fields each role may read and write; `access.test.yaml` says which decisions the team expects. The design
 * review holds it to deny by default, object-level conditions wherever an identifier reaches a row, no public writes,
 * no escalation, no readable secrets, and agreement with the contract and the tables.
 *
 * @example
 * const access = await context.model(accessStage); // from a later stage's rule
 * const getBooking = access?.operations.find((entry) => entry.operationId === 'getBooking');
 */
export const accessStage: Stage<AccessModel> = {
  id: 'access',
  title: 'access control',
  summary: 'Who may call each operation, on which rows, and which fields each role may read and write.',
  dependsOn: ['contract', 'model'],
  artifacts: () => ['access.yaml'],
  inputs: () => ['access.yaml', 'access.test.yaml'],
  // Loaded on first use: the schema validator is not needed by `keel status`, which reads every stage's metadata.
  load: async (context) => (await import('./load-access.ts')).loadAccess(context),
  loaderRules: accessLoaderRules,
  rules: accessRules,
  trace: traceAccess,
  outputs: (model) => ({ 'access-matrix.md': accessMatrix(model) }),
  start:
    'Write access.yaml (roles, tenancy, authentication, and an entry per operation: see docs/decisions/0006-access-control.md) and access.test.yaml, then run `keel check access`.',
};
