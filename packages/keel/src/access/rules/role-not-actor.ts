import { closestMatches } from '../../source/index.ts';
import { accessRule } from './access-rule.ts';

/** Roles are the requirements' actors, so every acceptance criterion's "who" maps onto a role. */
export const roleNotActor = accessRule({
  id: 'access/role-not-actor',
  severity: 'error',
  summary: 'Every role of access.yaml is an actor of requirements.yaml.',
  fix: 'Name the role after an actor of requirements.yaml, or add the actor there first.',
  find: (model, facts) => {
    if (facts.requirements === undefined) return [];
    const actors = facts.requirements.actors.map((actor) => actor.id);
    return model.roles
      .filter((role) => !actors.includes(role.name))
      .map((role) => {
        const [suggestion] = closestMatches(role.name, actors, 1);
        return {
          message: `role ${role.name} is not an actor of ${facts.requirements?.file ?? 'requirements.yaml'} (actors: ${actors.join(', ')})`,
          at: role.at,
          ...(suggestion === undefined ? {} : { fix: `Did you mean ${suggestion}?` }),
        };
      });
  },
});
