import { findRole, includedRoles } from '../role-graph.ts';
import { accessRule } from './access-rule.ts';

/** A role that can grant a role it does not hold can make itself (or an accomplice) more than it is. */
export const roleEscalation = accessRule({
  id: 'access/role-escalation',
  severity: 'error',
  summary: 'No role grants a role above its own: every role it grants is itself or one it includes.',
  fix: 'Remove the role from `grants`, or let only a role that includes it grant it.',
  find: (model) =>
    model.roles.flatMap((role) => {
      const held = includedRoles(model, role.name);
      return role.grants
        .filter((granted) => findRole(model, granted.value) !== undefined && !held.includes(granted.value))
        .map((granted) => ({
          message: `${role.name} grants ${granted.value}, a role above its own (${role.name} holds ${held.join(', ')})`,
          at: granted.at,
        }));
    }),
});
