export {
  invitationLifetimeMs,
  invitationRefusal,
  type InvitationRefusal,
  type StoredInvitation,
} from './invitation.ts';
export { memberHandlers } from './member-handlers.ts';
export { leavesNoAdmin, roles, type Role } from './role.ts';
