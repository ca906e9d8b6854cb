import { closestMatches } from '../../source/index.ts';
import { accessRule } from './access-rule.ts';

/** A field rule naming a property the operation does not have protects nothing. */
export const unknownField = accessRule({
  id: 'access/unknown-field',
  severity: 'error',
  summary: 'Field rules name properties of the operation: `read` of its responses, `write` of its request body.',
  fix: 'Use the property name as the contract writes it (camelCase).',
  find: (model, facts) =>
    model.operations.flatMap((entry) => {
      const operation = facts.operations.get(entry.operationId);
      if (operation === undefined) return [];
      const readable = new Set(operation.responseProperties.map((property) => property.name));
      const checks = [
        ...entry.fields.read.map((rule) => ({ rule, names: readable, what: 'its responses' })),
        ...entry.fields.write.map((rule) => ({ rule, names: operation.requestNames, what: 'its request body' })),
      ];
      return checks.flatMap(({ rule, names, what }) =>
        rule.properties
          .filter((property) => !names.has(property.value))
          .map((property) => {
            const [suggestion] = closestMatches(property.value, names, 1);
            return {
              message: `${entry.operationId}: the field rule of ${rule.role} names ${property.value}, which is not a property of ${what}`,
              at: property.at,
              ...(suggestion === undefined ? {} : { fix: `Did you mean ${suggestion}?` }),
            };
          }),
      );
    }),
});
