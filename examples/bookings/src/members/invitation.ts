/** How long an invitation can be accepted (BR-MEM-3). */
export const invitationLifetimeMs = 7 * 24 * 60 * 60 * 1000;

/** An invitation as stored: accepted at most once, before it expires, by the invited address. */
export interface StoredInvitation {
  readonly email: string;
  readonly createdAt: Date;
  readonly acceptedAt: Date | null;
}

export type InvitationRefusal = 'INVITATION_USED' | 'INVITATION_EXPIRED' | 'INVITATION_NOT_FOR_YOU';

/**
 * Why a signed-in user cannot accept the invitation, or undefined when they can (BR-MEM-3). Addresses compare without
 * regard to case, as mail systems do for the domain and nearly all do for the local part.
 */
export function invitationRefusal(
  invitation: StoredInvitation,
  email: string,
  now: Date,
): InvitationRefusal | undefined {
  if (invitation.email.toLowerCase() !== email.toLowerCase()) return 'INVITATION_NOT_FOR_YOU';
  if (invitation.acceptedAt !== null) return 'INVITATION_USED';
  if (now.getTime() >= invitation.createdAt.getTime() + invitationLifetimeMs) return 'INVITATION_EXPIRED';
  return undefined;
}
