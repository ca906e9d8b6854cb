import type { Rule } from '../../journey/stage.ts';
import type { Requirements } from '../requirements-model.ts';

/** `requirements/unused-actor`: an actor who does nothing with the service is missing operations, or is not an actor. */
export const unusedActor: Rule<Requirements> = {
  id: 'requirements/unused-actor',
  severity: 'warning',
  summary: 'Every declared actor performs at least one operation.',
  fix: 'Add the operations the actor performs, or remove the actor.',
  run: (model) => {
    const performing = new Set(model.operations.map((operation) => operation.actor));
    return model.actors
      .filter((actor) => !performing.has(actor.id))
      .map((actor) => ({
        message: `actor ${actor.id} performs no operation`,
        at: actor.at,
        fix: `Add the operations ${actor.id} performs (\`actor: ${actor.id}\`), or remove the actor if the service has none for them.`,
      }));
  },
};
