import { findRole } from '../role-graph.ts';
import { accessRule } from './access-rule.ts';

/** A write anyone can make without credentials is the door abuse walks through; it needs a written reason. */
export const publicWrite = accessRule({
  id: 'access/public-write',
  severity: 'error',
  summary: 'No operation that writes (POST, PUT, PATCH, DELETE) is allowed to an anonymous role without `publicWrite`.',
  fix: 'Allow the operation to an authenticated or tenant role, or write why it must be public in `publicWrite: <reason>`.',
  find: (model, facts) =>
    model.operations.flatMap((entry) => {
      const operation = facts.operations.get(entry.operationId);
      if (operation?.writes !== true || entry.publicWrite !== undefined) return [];
      return entry.allow
        .filter((allowance) => findRole(model, allowance.role)?.kind === 'anonymous')
        .map((allowance) => ({
          message: `${entry.operationId} (${operation.operation.name}) writes and is allowed to the anonymous role ${allowance.role} without publicWrite`,
          at: allowance.at,
        }));
    }),
});
