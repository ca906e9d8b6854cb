import type { Issue } from '../../journey/finding.ts';
import { closestMatches } from '../../source/index.ts';
import type { Named } from '../access-model.ts';
import { accessRule } from './access-rule.ts';

/** A role named in an allow list, an include, a grant, a field rule, a key scheme or a test must be declared. */
export const undeclaredRole = accessRule({
  id: 'access/undeclared-role',
  severity: 'error',
  summary: 'Every role named anywhere in access.yaml and access.test.yaml is declared under `roles:`.',
  fix: 'Declare the role under `roles:` with its kind, or correct the name.',
  find: (model) => {
    const declared = model.roles.map((role) => role.name);
    const check = (name: Named, where: string): Issue[] => {
      if (declared.includes(name.value)) return [];
      const [suggestion] = closestMatches(name.value, declared, 1);
      return [
        {
          message: `${where} names the role ${name.value}, which is not declared under roles:`,
          at: name.at,
          ...(suggestion === undefined ? {} : { fix: `Did you mean ${suggestion}?` }),
        },
      ];
    };
    return [
      ...model.roles.flatMap((role) => [
        ...role.includes.flatMap((name) => check(name, `role ${role.name} includes`)),
        ...role.grants.flatMap((name) => check(name, `role ${role.name} grants`)),
      ]),
      ...model.operations.flatMap((entry) => [
        ...entry.allow.flatMap((allowance) => check({ value: allowance.role, at: allowance.at }, entry.operationId)),
        ...[...entry.fields.read, ...entry.fields.write].flatMap((rule) =>
          check({ value: rule.role, at: rule.at }, `a field rule of ${entry.operationId}`),
        ),
      ]),
      ...model.authentication.flatMap((scheme) =>
        scheme.type === 'api-key' && scheme.role !== undefined ? check(scheme.role, `scheme ${scheme.name}`) : [],
      ),
      ...(model.tests?.tests ?? []).flatMap((test) => check(test.principal.role, 'a policy test')),
    ];
  },
});
