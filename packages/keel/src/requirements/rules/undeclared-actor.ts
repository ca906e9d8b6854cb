import type { Rule } from '../../journey/stage.ts';
import { closestMatches } from '../../source/index.ts';
import type { Requirements } from '../requirements-model.ts';

/** `requirements/undeclared-actor`: every operation is performed by an actor the file declares. */
export const undeclaredActor: Rule<Requirements> = {
  id: 'requirements/undeclared-actor',
  severity: 'error',
  summary: 'Every actor an operation names is declared under `actors:`.',
  fix: 'Declare the actor under `actors:` with an id and a description, or name a declared one.',
  run: (model) => {
    const declared = model.actors.map((actor) => actor.id);
    return model.operations
      .filter((operation) => operation.actor !== '' && !declared.includes(operation.actor))
      .map((operation) => {
        const [suggestion] = closestMatches(operation.actor, declared, 1);
        return {
          message: `operation ${operation.id} is performed by ${JSON.stringify(operation.actor)}, which is not a declared actor`,
          at: operation.actorAt,
          fix:
            suggestion === undefined
              ? `Declare \`- id: ${operation.actor}\` with a description under \`actors:\`${declared.length > 0 ? `, or use one of ${declared.join(', ')}` : ''}.`
              : `Did you mean ${suggestion}? Otherwise declare \`- id: ${operation.actor}\` under \`actors:\`.`,
        };
      });
  },
};
