import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { isKeelError, KeelError } from '../errors/index.ts';
import type { Location } from '../journey/finding.ts';
import { joinPointer, parseSource, splitPointer, type SourceFile } from '../source/index.ts';

/** A `$ref` that leads nowhere, or a referenced file that cannot be read. */
export interface ContractFileProblem {
  readonly kind: 'unresolved-ref' | 'structure';
  readonly message: string;
  readonly fix?: string;
  readonly at: Location;
}

export interface ContractFiles {
  /** Every file read, by absolute path: the root first. */
  readonly files: ReadonlyMap<string, SourceFile>;
  /** Whether every referenced file was read: without them all, the contract cannot be modelled. */
  readonly complete: boolean;
  readonly problems: readonly ContractFileProblem[];
}

/**
 * Reads a contract and every file its `$ref`s reach, and checks that each reference points at something. Synchronous
 * and free of the OpenAPI model, so that a stage's `inputs` can list the files without loading anything else. The root
 * itself must be readable: a missing or malformed root throws KeelError.
 */
export function readContractFiles(rootPath: string, projectRoot: string): ContractFiles {
  const files = new Map<string, SourceFile>();
  const failed = new Set<string>();
  const problems: ContractFileProblem[] = [];
  const root = resolve(rootPath);
  const refs: { ref: string; from: SourceFile; pointer: string }[] = [];
  let remote = false;
  const pending = [root];
  while (pending.length > 0) {
    const path = pending.shift() as string;
    if (files.has(path) || failed.has(path)) continue;
    let source: SourceFile;
    try {
      source = readSource(path, projectRoot);
    } catch (error) {
      if (path === root || !isKeelError(error)) throw error;
      failed.add(path);
      // A missing file is reported at each $ref that names it; a malformed one where it breaks.
      if (error.code === 'KEEL_SYNTAX_ERROR') {
        problems.push({ kind: 'structure', message: error.message, at: error.location ?? { file: path } });
      }
      continue;
    }
    files.set(path, source);
    for (const { ref, pointer } of collectRefs(source.value)) {
      refs.push({ ref, from: source, pointer });
      const target = refTarget(ref, path);
      if (target !== undefined) pending.push(target.file);
    }
  }
  for (const { ref, from, pointer } of refs) {
    const at: Location = { file: from.displayPath, ...from.locate(pointer) };
    const target = refTarget(ref, from.path);
    if (target === undefined) {
      remote = true;
      problems.push({
        kind: 'unresolved-ref',
        message: `$ref "${ref}" points outside the project: remote references are not followed`,
        fix: 'Copy the referenced definition into a file of the project and $ref that file.',
        at,
      });
      continue;
    }
    const file = files.get(target.file);
    if (file === undefined) {
      if (!failed.has(target.file) || existsAsSyntaxProblem(problems, target.file, projectRoot)) continue;
      problems.push({
        kind: 'unresolved-ref',
        message: `$ref "${ref}" points at ${displayOf(target.file, projectRoot)}, which does not exist`,
        fix: 'Correct the file name, relative to the file the $ref is written in, or create the file.',
        at,
      });
      continue;
    }
    if (!hasValueAt(file.value, target.pointer)) {
      problems.push({
        kind: 'unresolved-ref',
        message: `$ref "${ref}" points at nothing: ${file.displayPath} has no ${target.pointer || '(root)'}`,
        fix: `Correct the JSON pointer after "#", or define ${target.pointer} in ${file.displayPath}.`,
        at,
      });
    }
  }
  const ordered = new Map([...files].sort(([a], [b]) => (a === root ? -1 : b === root ? 1 : a.localeCompare(b))));
  return { files: ordered, complete: failed.size === 0 && !remote, problems };
}

/** The file and JSON pointer a `$ref` written in `fromFile` names; undefined for a remote (URL) reference. */
export function refTarget(ref: string, fromFile: string): { file: string; pointer: string } | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return undefined;
  const hash = ref.indexOf('#');
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? '' : ref.slice(hash + 1);
  return { file: filePart === '' ? fromFile : resolve(dirname(fromFile), decodeURI(filePart)), pointer };
}

function readSource(path: string, projectRoot: string): SourceFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EISDIR') throw error;
    const display = displayOf(path, projectRoot);
    throw new KeelError('KEEL_FILE_NOT_FOUND', `${display} does not exist`, { location: { file: display } });
  }
  return parseSource(text, path, displayOf(path, projectRoot));
}

function displayOf(path: string, projectRoot: string): string {
  return relative(projectRoot, path).split('\\').join('/') || path;
}

function existsAsSyntaxProblem(problems: readonly ContractFileProblem[], file: string, projectRoot: string): boolean {
  const display = displayOf(file, projectRoot);
  return problems.some((problem) => problem.kind === 'structure' && problem.at.file === display);
}

function collectRefs(root: unknown): { ref: string; pointer: string }[] {
  const refs: { ref: string; pointer: string }[] = [];
  const stack: { node: unknown; pointer: string }[] = [{ node: root, pointer: '' }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop() as { node: unknown; pointer: string };
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, child] of Object.entries(node)) {
      const childPointer = pointer + joinPointer([key]);
      if (key === '$ref' && typeof child === 'string') refs.push({ ref: child, pointer: childPointer });
      else stack.push({ node: child, pointer: childPointer });
    }
  }
  return refs.reverse();
}

function hasValueAt(root: unknown, pointer: string): boolean {
  let node = root;
  for (const token of splitPointer(pointer)) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, token)) return false;
    node = (node as Record<string, unknown>)[token];
  }
  return true;
}
