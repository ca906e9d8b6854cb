import type { AccessModel } from './access-model.ts';
import { includedRoles } from './role-graph.ts';

/**
 * The access matrix for the report: one row per operation, one column per role, each cell `allow`, the condition the
 * row must meet, or `deny`. A role's cell counts the roles it includes; a tenant role is always held to its tenant.
 *
 * @example
 * accessMatrix(model); // | operation | visitor | member | … |\n| getBooking | deny | allow (own tenant) | … |
 */
export function accessMatrix(model: AccessModel): string {
  const roles = model.roles;
  const header = `| operation | ${roles.map((role) => `${role.name} (${role.kind})`).join(' | ')} |`;
  const divider = `| --- | ${roles.map(() => '---').join(' | ')} |`;
  const rows = model.operations.map((entry) => {
    const cells = roles.map((role) => {
      const held = new Set(includedRoles(model, role.name));
      const allowances = entry.allow.filter((allowance) => held.has(allowance.role));
      if (allowances.length === 0) return 'deny';
      const scope = role.kind === 'tenant' ? ' (own tenant)' : '';
      if (allowances.some((allowance) => allowance.condition === undefined)) return `allow${scope}`;
      const conditions = allowances.map(
        (allowance) => `\`${(allowance.condition?.text ?? '').replaceAll('|', '\\|')}\``,
      );
      return `allow${scope} where ${conditions.join(' or ')}`;
    });
    const marks = [entry.privileged ? 'privileged' : '', entry.publicWrite !== undefined ? 'public write' : '']
      .filter(Boolean)
      .join(', ');
    return `| ${entry.operationId}${marks === '' ? '' : ` (${marks})`} | ${cells.join(' | ')} |`;
  });
  return [
    `# Access matrix of ${model.file}`,
    '',
    'Deny by default: an operation not listed is denied to every role.',
    '',
    header,
    divider,
    ...rows,
    '',
  ].join('\n');
}
