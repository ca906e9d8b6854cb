import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Extension, Extensions } from '@electric-sql/pglite';
import { KeelError } from '../errors/index.ts';
import { withoutComments } from './sql-script.ts';

/** Extensions PGlite has without loading anything. */
const builtIn = new Set(['plpgsql']);

const createExtension = /\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*))/gi;

/**
 * The extensions SQL creates (`CREATE EXTENSION [IF NOT EXISTS] name`), in order of first use, so PGlite can be
 * started with them loaded. Unquoted names are folded to lower case, as PostgreSQL does.
 *
 * @example
 * extensionsUsedBy(['create extension if not exists "uuid-ossp";']) // ['uuid-ossp']
 */
export function extensionsUsedBy(sqlTexts: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of sqlTexts) {
    for (const match of withoutComments(text).matchAll(createExtension)) {
      const quoted = match[1];
      names.add(quoted === undefined ? (match[2] ?? '').toLowerCase() : quoted.replaceAll('""', '"'));
    }
  }
  return [...names];
}

/** PGlite's contrib module for each extension (`uuid-ossp` is `contrib/uuid_ossp`); unknown names are refused. */
export async function loadPGliteExtensions(names: readonly string[]): Promise<Extensions> {
  const extensions: Extensions = {};
  const unknown: string[] = [];
  for (const name of names) {
    const moduleName = name.toLowerCase().replaceAll('-', '_');
    if (builtIn.has(moduleName)) continue;
    const extension = /^[a-z0-9_]+$/.test(moduleName) ? await importContrib(moduleName) : undefined;
    if (extension === undefined) unknown.push(name);
    else extensions[moduleName] = extension;
  }
  if (unknown.length > 0) {
    const offered = await contribNames();
    throw new KeelError(
      'KEEL_CONFIG_INVALID',
      `the embedded database (PGlite) has no extension ${unknown.map((name) => `"${name}"`).join(', ')}; ` +
        `it offers: ${offered.join(', ')}`,
      {
        fix: 'Use an extension PGlite offers, or run against a PostgreSQL server that has it (set DATABASE_URL).',
        extensions: { unknown, offered },
      },
    );
  }
  return extensions;
}

async function importContrib(moduleName: string): Promise<Extension | undefined> {
  let module: Record<string, unknown>;
  try {
    module = (await import(`@electric-sql/pglite/contrib/${moduleName}`)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    throw error;
  }
  const extension = module[moduleName];
  return typeof extension === 'object' && extension !== null && 'setup' in extension
    ? (extension as Extension)
    : undefined;
}

async function contribNames(): Promise<string[]> {
  const folder = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite/contrib/citext')));
  const files = await readdir(folder);
  return files
    .filter((file) => file.endsWith('.js'))
    .map((file) => file.slice(0, -'.js'.length))
    .sort();
}
