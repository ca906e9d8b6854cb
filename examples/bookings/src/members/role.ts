/** The roles of a member in an organisation: admins manage members, resources and API keys (BR-ROLE-1). */
export const roles = ['admin', 'member'] as const;

export type Role = (typeof roles)[number];

/**
 * Whether changing a member's role to `next` (or removing them: `next` undefined) would leave their organisation with
 * no admin, which BR-MEM-1 forbids. `admins` counts the organisation's admins before the change.
 */
export function leavesNoAdmin(admins: number, current: Role, next: Role | undefined): boolean {
  return current === 'admin' && next !== 'admin' && admins <= 1;
}
