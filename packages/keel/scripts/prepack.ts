/**
 * npm's `prepack` for keel (decision record 0015): emits `dist/` (JavaScript and declarations) with
 * `tsconfig.build.json`, checks it, and stands the packed manifest in for package.json until `postpack`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { glob, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { packedManifest } from './packed-manifest.ts';
import {
  distPath,
  manifestPath,
  packageRoot,
  removeDist,
  restoreWorkspaceManifest,
  standInPackedManifest,
} from './workspace-manifest.ts';

if (await restoreWorkspaceManifest()) console.error('prepack: restored package.json that an interrupted pack left');
await removeDist();
const tsc = fileURLToPath(import.meta.resolve('typescript/bin/tsc'));
try {
  execFileSync(process.execPath, [tsc, '-p', join(packageRoot, 'tsconfig.build.json')], { stdio: 'inherit' });
} catch {
  await removeDist();
  console.error('prepack: tsc reported the errors above; nothing was packed');
  process.exit(1);
}

const problems: string[] = [];
// tsc rewrites `./x.ts` in imports to `./x.js`; one left over would fail under node_modules at run time.
for await (const file of glob('**/*.js', { cwd: distPath })) {
  const { importedFiles } = ts.preProcessFile(await readFile(join(distPath, file), 'utf8'), true, true);
  for (const { fileName } of importedFiles) {
    if (/^\.{1,2}\/.*\.ts$/.test(fileName)) problems.push(`dist/${file} imports ${fileName}`);
  }
}
const packed = packedManifest(JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>);
const targets = [
  ...Object.values(packed['bin'] as Record<string, string>),
  ...Object.values(packed['exports'] as Record<string, Record<string, string>>).flatMap((entry) =>
    Object.values(entry),
  ),
];
for (const target of targets) {
  if (!existsSync(join(packageRoot, target)))
    problems.push(`the packed manifest names ${target}, which was not emitted`);
}
if (problems.length > 0) {
  await removeDist();
  console.error(`prepack: the build is not fit to publish:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
await standInPackedManifest(packed);
