import { dirname, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import type { Location } from '../journey/finding.ts';

export interface TypeScriptResult {
  /** The program (reused by ESLint's type-aware rules), or undefined when there was nothing to check. */
  readonly program: ts.Program | undefined;
  /** The files checked, absolute. */
  readonly files: readonly string[];
  readonly diagnostics: readonly { readonly message: string; readonly code: number; readonly at: Location }[];
}

const sourceExtensions = /\.(ts|tsx|mts|cts)$/;
const defaultOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2024,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
};

/**
 * The TypeScript type check of some files of a project, with the compiler options of the nearest tsconfig.json (the
 * project's or a workspace's above it). Only the given files are roots: their imports are read for types, so the check
 * costs what the change touches, not the whole repository. `all` checks every file the tsconfig includes under `dir`.
 */
export function typeCheck(dir: string, relativeFiles: readonly string[] | 'all'): TypeScriptResult {
  const configPath = ts.findConfigFile(dir, (path) => ts.sys.fileExists(path), 'tsconfig.json');
  let options = defaultOptions;
  let included: Set<string> | undefined;
  if (configPath !== undefined) {
    const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
    const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, dirname(configPath));
    options = { ...parsed.options, noEmit: true };
    included = new Set(parsed.fileNames.map((file) => resolve(file)));
  }
  const inDir = (file: string): boolean => !relative(dir, file).startsWith('..');
  const candidates =
    relativeFiles === 'all'
      ? [...(included ?? [])].filter(inDir)
      : relativeFiles.map((file) => resolve(dir, file)).filter((file) => included === undefined || included.has(file));
  const files = candidates.filter(
    (file) => sourceExtensions.test(file) && !file.endsWith('.d.ts') && ts.sys.fileExists(file),
  );
  if (files.length === 0) return { program: undefined, files, diagnostics: [] };
  const program = ts.createProgram({ rootNames: files, options });
  const diagnostics: TypeScriptResult['diagnostics'][number][] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (source === undefined) continue;
    for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
      const start = diagnostic.start === undefined ? undefined : source.getLineAndCharacterOfPosition(diagnostic.start);
      diagnostics.push({
        message: `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
        code: diagnostic.code,
        at: {
          file: relative(dir, file).split(sep).join('/'),
          ...(start === undefined ? {} : { line: start.line + 1, column: start.character + 1 }),
        },
      });
    }
  }
  return { program, files, diagnostics };
}
