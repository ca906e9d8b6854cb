import type { AccessFacts } from '../access-facts.ts';
import type { AccessModel, OperationAccess } from '../access-model.ts';
import { findRole, isPublicKind } from '../role-graph.ts';
import { accessRule } from './access-rule.ts';

/**
 * Granting roles and managing keys and members are kept apart from what any caller can do: a privileged operation
 * (`privileged: true`, or one realising a requirement whose actor is a role that grants roles) is allowed only to
 * tenant roles, never to an anonymous or merely authenticated one.
 */
export const privilegedOperation = accessRule({
  id: 'access/privileged-operation',
  severity: 'error',
  summary: 'Privileged operations are allowed only to tenant roles, never to anonymous or authenticated ones.',
  fix: 'Allow the operation only to the tenant roles that manage the tenant (e.g. admin).',
  find: (model, facts) =>
    model.operations.flatMap((entry) => {
      const why = privilegeOf(entry, model, facts);
      if (why === undefined) return [];
      return entry.allow
        .filter((allowance) => isPublicKind(findRole(model, allowance.role)))
        .map((allowance) => ({
          message: `${entry.operationId} is privileged (${why}) but allowed to ${allowance.role}, a role of kind ${findRole(model, allowance.role)?.kind ?? ''}`,
          at: allowance.at,
        }));
    }),
});

/** Why an operation is privileged, or undefined when it is not. */
export function privilegeOf(entry: OperationAccess, model: AccessModel, facts: AccessFacts): string | undefined {
  if (entry.privileged) return 'privileged: true';
  const operation = facts.operations.get(entry.operationId)?.operation;
  for (const requirement of operation?.requirements ?? []) {
    const actor = facts.requirements?.operations.find((candidate) => candidate.id === requirement.value)?.actor;
    const role = actor === undefined ? undefined : findRole(model, actor);
    if (role !== undefined && role.grants.length > 0) {
      return `it realises ${requirement.value}, whose actor ${role.name} grants roles`;
    }
  }
  return undefined;
}
