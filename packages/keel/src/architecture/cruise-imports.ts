import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** One import between two files of the project, as dependency-cruiser resolved it. */
export interface FileImport {
  /** The importing file, relative to the project root. */
  readonly from: string;
  /** The imported file, relative to the project root. */
  readonly to: string;
  /** The module specifier as written, e.g. `../resources/find-resource.ts`. */
  readonly specifier: string;
}

/**
 * Every import from a file under `paths` to another file of the project, resolved by dependency-cruiser the way the
 * TypeScript compiler resolves it (the project's tsconfig.json when there is one), type-only imports included since
 * they couple modules too. dependency-cruiser is loaded on first use, so commands that never check imports never pay
 * for it.
 */
export async function cruiseImports(root: string, paths: readonly string[]): Promise<FileImport[]> {
  const existing = [...new Set(paths)].filter((path) => existsSync(resolve(root, path)));
  if (existing.length === 0) return [];
  const { cruise } = await import('dependency-cruiser');
  const tsConfigFile = resolve(root, 'tsconfig.json');
  const tsConfig = existsSync(tsConfigFile) ? await readTsConfig(tsConfigFile) : undefined;
  const result = await cruise(
    existing,
    {
      baseDir: root,
      tsPreCompilationDeps: true,
      exclude: { path: '(^|/)node_modules/' },
      doNotFollow: { path: '(^|/)node_modules/' },
      ...(tsConfig === undefined ? {} : { tsConfig: { fileName: tsConfigFile } }),
    },
    undefined,
    tsConfig === undefined ? undefined : { tsConfig },
  );
  if (typeof result.output === 'string') throw new Error('dependency-cruiser returned a report instead of a result');
  return result.output.modules.flatMap((module) =>
    module.dependencies
      .filter((dependency) => !dependency.couldNotResolve && !dependency.coreModule)
      .map((dependency) => ({ from: module.source, to: dependency.resolved, specifier: dependency.module })),
  );
}

/** The project's compiler options for resolution; a tsconfig.json the compiler cannot read is left out. */
async function readTsConfig(file: string): Promise<unknown> {
  const { default: extractTsConfig } = await import('dependency-cruiser/config-utl/extract-ts-config');
  try {
    return extractTsConfig(file);
  } catch {
    return undefined; // then imports resolve as Node resolves them, which covers relative imports
  }
}
