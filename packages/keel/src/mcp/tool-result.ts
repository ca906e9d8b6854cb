import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { isKeelError, KeelError } from '../errors/index.ts';

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** A tool's answer: the value as structured content, and as JSON text for clients that only read text. */
export function toolResult(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value };
}

/**
 * A tool's failure as a result the agent can act on (`isError`), never a crash: `{ ok: false, error: { code, message,
 * fix, location } }` as JSON text, as `keel … --json` prints it.
 */
export function toolError(error: unknown): CallToolResult {
  const keelError = isKeelError(error)
    ? error
    : new KeelError('KEEL_INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
  // Text only: structured content would have to match the tool's output schema, which describes a success.
  const value = { ok: false, error: keelError.toJSON() };
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], isError: true };
}

/** Runs a tool body, turning any error into a Keel-coded tool error. */
export async function answer(body: () => Promise<Record<string, unknown>>): Promise<CallToolResult> {
  try {
    return toolResult(await body());
  } catch (error) {
    return toolError(error);
  }
}

/**
 * Sends `notifications/progress` for a long run when the client asked for it (a progress token in the request's
 * `_meta`); does nothing otherwise.
 */
export function progressOf(
  extra: ToolExtra,
): (progress: number, total: number | undefined, message: string) => Promise<void> {
  const token = extra._meta?.progressToken;
  return async (progress, total, message) => {
    if (token === undefined) return;
    await extra.sendNotification({
      method: 'notifications/progress',
      params: { progressToken: token, progress, ...(total === undefined ? {} : { total }), message },
    });
  };
}
