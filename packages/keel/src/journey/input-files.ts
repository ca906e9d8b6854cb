import { createHash } from 'node:crypto';
import { glob, readFile } from 'node:fs/promises';

/** Folders never read as inputs: dependencies, Keel's own state, version control. */
const excluded = ['**/node_modules/**', '.keel/**', '.git/**'];

/** The files matching a stage's input patterns, each with the SHA-256 of its content, sorted by path. */
export async function hashInputs(root: string, patterns: readonly string[]): Promise<Record<string, string>> {
  const paths = new Set<string>();
  for await (const path of glob(patterns, { cwd: root, exclude: excluded })) {
    paths.add(path.split('\\').join('/'));
  }
  const sorted = [...paths].sort();
  const hashes = await Promise.all(
    sorted.map(async (path) => {
      try {
        return sha256(await readFile(`${root}/${path}`));
      } catch {
        return undefined; // a folder matched by a pattern, or a file removed meanwhile
      }
    }),
  );
  const inputs: Record<string, string> = {};
  sorted.forEach((path, index) => {
    const hash = hashes[index];
    if (hash !== undefined) inputs[path] = hash;
  });
  return inputs;
}

export function sha256(content: string | Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(content).digest('hex');
}
