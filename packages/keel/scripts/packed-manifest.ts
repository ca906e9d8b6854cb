/**
 * The package.json that `npm pack` puts in Keel's tarball (decision record 0015): the workspace's manifest with `bin`
 * and every `exports` entry moved from the TypeScript sources to the JavaScript and declarations that
 * `tsconfig.build.json` emits to `dist/`, the run-time folders in `files`, and no scripts.
 *
 * @example
 * packedManifest({ name: 'keel', bin: { keel: './src/cli/bin.ts' }, exports: { '.': './src/index.ts' } });
 * // { name: 'keel', bin: { keel: './dist/cli/bin.js' }, exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } }, files: […] }
 */
export function packedManifest(workspace: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { bin, exports, ...rest } = workspace;
  // The workspace's lifecycle scripts: nothing an installed keel runs.
  const kept = Object.fromEntries(Object.entries(rest).filter(([field]) => field !== 'scripts'));
  return {
    ...kept,
    bin: mapValues(asRecord(bin, 'bin'), (path) => emitted(path, '.js')),
    exports: mapValues(asRecord(exports, 'exports'), (path) => ({
      types: emitted(path, '.d.ts'),
      default: emitted(path, '.js'),
    })),
    files: packedFiles,
  };
}

/** What the tarball holds besides package.json and README: the code, the JSON schemas, and what `keel init` copies. */
export const packedFiles: readonly string[] = ['dist', 'schemas', 'templates'];

/** The emitted file for a source path of the manifest: `./src/cli/bin.ts` → `./dist/cli/bin.js`. */
export function emitted(sourcePath: string, extension: '.js' | '.d.ts'): string {
  const match = /^\.\/src\/(.+)\.ts$/.exec(sourcePath);
  if (match === null || sourcePath.endsWith('.d.ts')) {
    throw new Error(
      `${sourcePath} is not a TypeScript source under ./src: the packed manifest cannot point at its build`,
    );
  }
  return `./dist/${match[1] ?? ''}${extension}`;
}

function asRecord(value: unknown, field: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`package.json ${field} must map names to source files`);
  }
  const entries = Object.entries(value);
  for (const [key, path] of entries) {
    if (typeof path !== 'string') throw new Error(`package.json ${field}["${key}"] must be one source path`);
  }
  return Object.fromEntries(entries);
}

function mapValues<T>(record: Readonly<Record<string, string>>, map: (path: string) => T): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([key, path]) => [key, map(path)]));
}
