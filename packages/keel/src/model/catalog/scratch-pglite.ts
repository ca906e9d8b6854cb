import { openAsBlob } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../database/index.ts';
import { pgliteDatabase, startPGlite } from '../../database/pglite-database.ts';

/**
 * An empty PGlite in memory for a scratch database. Starting PGlite runs initdb, which takes seconds; the first
 * start dumps the fresh data folder to the temporary folder (one file per PGlite version, written atomically), and
 * later starts, in this process or the next, load that copy instead. The cache only saves time: when it cannot be
 * read or written, PGlite runs initdb as before.
 */
export async function startScratchPGlite(extensions: readonly string[]): Promise<Database> {
  const path = await templatePath();
  const template = await cachedTemplate(path);
  if (template !== undefined) {
    try {
      return pgliteDatabase(await startPGlite({ extensions, loadDataDir: template }));
    } catch {
      // A damaged copy: drop it and start from initdb, which writes a new one.
      await rm(path, { force: true });
    }
  }
  const pglite = await startPGlite({ extensions });
  await saveTemplate(path, await pglite.dumpDataDir('none')).catch(() => undefined);
  return pgliteDatabase(pglite);
}

async function templatePath(): Promise<string> {
  const packageJson = new URL('../package.json', import.meta.resolve('@electric-sql/pglite'));
  const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string };
  return join(tmpdir(), `keel-pglite-scratch-${version}.tar`);
}

async function cachedTemplate(path: string): Promise<Blob | undefined> {
  try {
    // openAsBlob throws, rather than rejects, when the file is absent.
    return await openAsBlob(path);
  } catch {
    return undefined;
  }
}

async function saveTemplate(path: string, dump: Blob): Promise<void> {
  const partial = `${path}.${process.pid}.partial`;
  try {
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
}
