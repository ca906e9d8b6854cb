import { accessRule } from './access-rule.ts';

/** The names Keel always treats as secret; `fields.neverReadable` adds the project's own. */
export const sensitiveFieldNames: readonly string[] = [
  'password',
  'passwordHash',
  'hash',
  'secret',
  'token',
  'refreshToken',
  'apiKey',
  'keyHash',
  'secretHash',
];

/** A secret that reaches a response is leaked to whoever may call the operation. */
export const sensitiveFieldReadable = accessRule({
  id: 'access/sensitive-field-readable',
  severity: 'error',
  summary:
    'No response of an allowed operation exposes a sensitive property (password, hash, secret, token, …) to any role.',
  fix: 'Remove the property from the response schema, or give every allowed role a `fields.read` list without it.',
  find: (model, facts) => {
    const secret = new Set([...sensitiveFieldNames, ...model.neverReadable.map((name) => name.value)].map(lower));
    return model.operations.flatMap((entry) => {
      const operation = facts.operations.get(entry.operationId);
      if (operation === undefined || entry.allow.length === 0) return [];
      return operation.responseProperties
        .filter((property) => secret.has(lower(property.name)))
        .flatMap((property) => {
          const readers = entry.allow
            .map((allowance) => allowance.role)
            .filter((role) => {
              const rule = entry.fields.read.find((candidate) => candidate.role === role);
              return rule === undefined || rule.properties.some((name) => name.value === property.name);
            });
          if (readers.length === 0) return [];
          return [
            {
              message: `${property.label} is sensitive and readable by ${[...new Set(readers)].join(', ')}`,
              at: property.at,
            },
          ];
        });
    });
  },
});

function lower(name: string): string {
  return name.toLowerCase();
}
