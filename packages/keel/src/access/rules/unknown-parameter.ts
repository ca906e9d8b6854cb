import { closestMatches } from '../../source/index.ts';
import { operandsOf } from '../condition-ast.ts';
import { accessRule } from './access-rule.ts';

/** `path.<name>` reads the operation's path; a parameter the path does not have is never set. */
export const unknownParameter = accessRule({
  id: 'access/unknown-parameter',
  severity: 'error',
  summary: 'Every path. in a condition names a path parameter of the operation.',
  fix: 'Use a path parameter of the operation as the contract names it.',
  find: (model, facts) =>
    model.operations.flatMap((entry) => {
      const operation = facts.operations.get(entry.operationId);
      if (operation === undefined) return [];
      return entry.allow.flatMap((allowance) => {
        const condition = allowance.condition;
        if (condition?.ast === undefined) return [];
        return operandsOf(condition.ast).flatMap(({ operand }) => {
          if (operand.kind !== 'path' || operation.pathParameters.includes(operand.name)) return [];
          const [suggestion] = closestMatches(operand.name, operation.pathParameters, 1);
          return [
            {
              message: `${entry.operationId}: ${allowance.role}'s condition names path.${operand.name}, but ${operation.operation.path} has ${operation.pathParameters.length === 0 ? 'no path parameter' : `only ${operation.pathParameters.join(', ')}`}`,
              at: condition.locate(operand.span.start),
              ...(suggestion === undefined ? {} : { fix: `Did you mean path.${suggestion}?` }),
            },
          ];
        });
      });
    }),
});
