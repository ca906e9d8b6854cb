import type { AccessModel, AccessRole } from './access-model.ts';

/**
 * A role and every role it includes, directly or through others (`admin` includes `member`): the roles whose
 * permissions it holds. Cycles end; unknown names are kept, so a rule can report them.
 *
 * @example
 * includedRoles(model, 'admin'); // ['admin', 'member']
 */
export function includedRoles(model: AccessModel, role: string): readonly string[] {
  const byName = new Map(model.roles.map((entry) => [entry.name, entry]));
  const seen = new Set<string>();
  const pending = [role];
  while (pending.length > 0) {
    const next = pending.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const included of byName.get(next)?.includes ?? []) pending.push(included.value);
  }
  return [...seen];
}

export function findRole(model: AccessModel, name: string): AccessRole | undefined {
  return model.roles.find((role) => role.name === name);
}

/** Whether a role is public: anyone without a tenant (anonymous or any authenticated caller). */
export function isPublicKind(role: AccessRole | undefined): boolean {
  return role?.kind === 'anonymous' || role?.kind === 'authenticated';
}
