import type { Issue } from '../../journey/finding.ts';
import { findRole, includedRoles } from '../role-graph.ts';
import { accessRule } from './access-rule.ts';

/**
 * Clients read the contract's security, the runtime enforces access.yaml: they must say the same thing. Each scheme of
 * `authentication` is a securityScheme of the contract of the matching type; a public operation has `security: []`;
 * any other requires schemes access.yaml configures, including the API-key scheme of every key role it allows.
 */
export const securityMismatch = accessRule({
  id: 'access/security-mismatch',
  severity: 'error',
  summary: "The contract's securitySchemes and each operation's security agree with access.yaml.",
  fix: 'Make the contract and access.yaml agree: public operations `security: []`, the others the schemes of `authentication`.',
  find: (model, facts) => {
    const contract = facts.contract;
    if (contract === undefined) return [];
    const issues: Issue[] = [];
    const components = contract.document['components'];
    const declared =
      isRecord(components) && isRecord(components['securitySchemes']) ? components['securitySchemes'] : {};
    for (const scheme of model.authentication) {
      const written = declared[scheme.name];
      if (!isRecord(written)) {
        issues.push({
          message: `${scheme.name} is not a securityScheme of ${contract.file}`,
          at: scheme.at,
          fix: `Declare components.securitySchemes.${scheme.name} in the contract.`,
        });
        continue;
      }
      if (scheme.type === 'jwt' && !describesJwt(written, scheme.authorizationScheme ?? 'Bearer')) {
        const word = scheme.authorizationScheme ?? 'Bearer';
        issues.push({
          message:
            `${scheme.name} is a JWT scheme sent as \`Authorization: ${word} <token>\`, but the contract declares it as ` +
            `${describe(written)} instead of type: http, scheme: ${word.toLowerCase()}` +
            (word.toLowerCase() === 'bearer' ? '' : ' (or type: apiKey, in: header, name: Authorization)'),
          at: scheme.at,
        });
      }
      if (
        scheme.type === 'api-key' &&
        !(
          written['type'] === 'apiKey' &&
          written['in'] === 'header' &&
          String(written['name']).toLowerCase() === scheme.header.toLowerCase()
        )
      ) {
        issues.push({
          message: `${scheme.name} reads the header ${scheme.header}, but the contract declares it as ${describe(written)} instead of type: apiKey, in: header, name: ${scheme.header}`,
          at: scheme.at,
        });
      }
    }
    const configured = new Set(model.authentication.map((scheme) => scheme.name));
    for (const name of Object.keys(declared).filter((name) => !configured.has(name))) {
      issues.push({
        message: `the contract declares the securityScheme ${name}, which access.yaml's authentication does not configure`,
        at: contract.at(`/components/securitySchemes/${name}`),
      });
    }
    for (const entry of model.operations) {
      const facts_ = facts.operations.get(entry.operationId);
      if (facts_ === undefined) continue;
      const { operation } = facts_;
      const optional =
        operation.security.length === 0 ||
        operation.security.some((requirement) => Object.keys(requirement).length === 0);
      const isPublic = entry.allow.some((allowance) => findRole(model, allowance.role)?.kind === 'anonymous');
      if (isPublic && !optional) {
        issues.push({
          message: `${entry.operationId} is public in access.yaml, but the contract requires credentials: give it \`security: []\``,
          at: operation.at,
        });
      }
      if (!isPublic && optional && entry.allow.length > 0) {
        issues.push({
          message: `${entry.operationId} requires a role in access.yaml, but the contract asks for no credentials (security is empty)`,
          at: operation.at,
        });
      }
      const named = new Set(operation.security.flatMap((requirement) => Object.keys(requirement)));
      for (const name of named) {
        if (!configured.has(name))
          issues.push({
            message: `${entry.operationId} requires the scheme ${name}, which access.yaml's authentication does not configure`,
            at: operation.at,
          });
      }
      const allowed = new Set(entry.allow.map((allowance) => allowance.role));
      for (const scheme of model.authentication) {
        if (scheme.type !== 'api-key' || scheme.role === undefined) continue;
        const keyRoles = includedRoles(model, scheme.role.value);
        if (keyRoles.some((role) => allowed.has(role)) && !named.has(scheme.name)) {
          issues.push({
            message: `${entry.operationId} allows ${scheme.role.value} (the role of ${scheme.name} keys), but its security in the contract does not list ${scheme.name}`,
            at: operation.at,
          });
        }
      }
    }
    return issues;
  },
});

/**
 * `type: http` with the scheme word; a scheme other than Bearer may also be described the way OpenAPI documents often
 * do it, as an apiKey in the Authorization header (the token is then sent with its scheme word, as the description says).
 */
function describesJwt(written: Record<string, unknown>, word: string): boolean {
  if (written['type'] === 'http') return String(written['scheme']).toLowerCase() === word.toLowerCase();
  return (
    word.toLowerCase() !== 'bearer' &&
    written['type'] === 'apiKey' &&
    written['in'] === 'header' &&
    String(written['name']).toLowerCase() === 'authorization'
  );
}

function describe(scheme: Record<string, unknown>): string {
  return Object.entries(scheme)
    .filter(([key]) => ['type', 'scheme', 'in', 'name'].includes(key))
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
