import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The folder of the keel package. */
export const packageRoot = join(import.meta.dirname, '..');
export const manifestPath = join(packageRoot, 'package.json');
/** Where `prepack` keeps the workspace's manifest while the packed one stands in for it (decision record 0015). */
export const savedManifestPath = join(packageRoot, 'package.workspace.json');
export const distPath = join(packageRoot, 'dist');

/** Puts back the workspace's manifest if a pack left the packed one in its place; true when it did. */
export async function restoreWorkspaceManifest(): Promise<boolean> {
  if (!existsSync(savedManifestPath)) return false;
  await rename(savedManifestPath, manifestPath);
  return true;
}

/** Replaces package.json with `packed`, keeping the workspace's manifest to restore after the pack. */
export async function standInPackedManifest(packed: Readonly<Record<string, unknown>>): Promise<void> {
  const workspace = await readFile(manifestPath, 'utf8');
  await writeFile(savedManifestPath, workspace, { flag: 'wx' });
  const next = `${manifestPath}.${process.pid}.tmp`;
  await writeFile(next, JSON.stringify(packed, null, 2) + '\n');
  await rename(next, manifestPath); // whole or not at all: a reader never sees half a manifest
}

export async function removeDist(): Promise<void> {
  await rm(distPath, { recursive: true, force: true });
}
