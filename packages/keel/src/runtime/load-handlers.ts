import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Operation } from '../contract/index.ts';
import { KeelError } from '../errors/index.ts';
import type { Handlers } from './handler.ts';

/** Imports a project's handlers module, which must export `handlers` keyed by operationId. */
export async function loadHandlers(path: string, displayPath = path): Promise<Handlers> {
  if (!existsSync(path)) {
    throw new KeelError('KEEL_FILE_NOT_FOUND', `the handlers module ${displayPath} does not exist`, {
      location: { file: displayPath },
    });
  }
  let module: { handlers?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { handlers?: unknown };
  } catch (error) {
    throw new KeelError(
      'KEEL_HANDLERS_LOAD_FAILED',
      `${displayPath} failed to load: ${error instanceof Error ? error.message : String(error)}`,
      { location: { file: displayPath }, cause: error },
    );
  }
  if (typeof module.handlers !== 'object' || module.handlers === null) {
    throw new KeelError('KEEL_HANDLERS_LOAD_FAILED', `${displayPath} does not export \`handlers\``, {
      location: { file: displayPath },
    });
  }
  return module.handlers as Handlers;
}

/** Every operation needs a handler and every handler an operation; all mismatches are reported at once. */
export function checkHandlers(operations: readonly Operation[], handlers: Handlers): void {
  const ids = new Set(operations.map((operation) => operation.operationId));
  const missing = operations
    .filter((operation) => typeof handlers[operation.operationId] !== 'function')
    .map((operation) => `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path})`);
  const extra = Object.keys(handlers).filter((id) => !ids.has(id));
  if (missing.length === 0 && extra.length === 0) return;
  const lines = [
    ...missing.map((entry) => `no handler for operation ${entry}`),
    ...extra.map((id) => `handler "${id}" matches no operation in the contract`),
  ];
  throw new KeelError('KEEL_HANDLERS_MISMATCH', `the handlers do not match the contract:\n  ${lines.join('\n  ')}`, {
    extensions: { missing, extra },
  });
}
