import type { TraceNode } from '../journey/stage.ts';
import type { AccessModel } from './access-model.ts';

/**
 * The access rules of access.yaml, for `keel trace`: each governs its operation and allows roles (the requirements'
 * actors), so a requirement's chain runs requirement → operation → access rule.
 */
export function traceAccess(model: AccessModel): TraceNode[] {
  return model.operations.map((entry) => ({
    id: `access:${entry.operationId}`,
    kind: 'access rule',
    stage: 'access',
    title: `${entry.operationId} allowed to ${entry.allow.map((allowance) => (allowance.condition === undefined ? allowance.role : `${allowance.role} where ${allowance.condition.text}`)).join(', ') || 'no role'}`,
    at: entry.at,
    links: [
      { to: entry.operationId, relation: 'governs', inverse: 'governed by' },
      ...[...new Set(entry.allow.map((allowance) => allowance.role))].map((role) => ({
        to: role,
        relation: 'allows',
        inverse: 'allowed',
      })),
    ],
  }));
}
