/**
 * Remembers which refresh-token families (`sid`) are revoked, so that verifying an access token does not always read
 * the database. A revocation is permanent, so a revoked sid is remembered for good; a live sid is trusted for
 * `liveSeconds` only. Revocations made through this instance are recorded here at once, so they take effect
 * immediately on this instance; another instance notices within `liveSeconds`.
 */
export interface RevocationCache {
  /** true or false when known, undefined when the database must be asked. */
  lookup(sessionId: string): boolean | undefined;
  remember(sessionId: string, revoked: boolean): void;
}

/** Entries kept per kind; the oldest are forgotten first (a forgotten entry only costs a query). */
const maxEntries = 10_000;

export function createRevocationCache(liveSeconds: number, now: () => number): RevocationCache {
  const revoked = new Set<string>();
  const live = new Map<string, number>();
  return {
    lookup(sessionId) {
      if (revoked.has(sessionId)) return true;
      const checkedAt = live.get(sessionId);
      if (checkedAt === undefined) return undefined;
      if (now() - checkedAt < liveSeconds * 1000) return false;
      live.delete(sessionId);
      return undefined;
    },
    remember(sessionId, isRevoked) {
      if (isRevoked) {
        live.delete(sessionId);
        revoked.add(sessionId);
        if (revoked.size > maxEntries) revoked.delete(revoked.values().next().value as string);
      } else if (liveSeconds > 0 && !revoked.has(sessionId)) {
        // The check above: a read that began before a revocation on this instance must not undo it.
        live.delete(sessionId);
        live.set(sessionId, now());
        if (live.size > maxEntries) live.delete(live.keys().next().value as string);
      }
    },
  };
}
