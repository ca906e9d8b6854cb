import type { HandlerContext } from 'keel';

/** The signed-in caller's user id, or null for a visitor (operations where signing in is optional). */
export function viewerOf(context: Pick<HandlerContext, 'principal'>): string | null {
  return context.principal?.id ?? null;
}
