import { dirname, resolve as resolvePath } from 'node:path';
import { KeelError } from '../errors/index.ts';
import { readSourceFile, splitPointer, type SourceFile } from '../source/index.ts';

/** A value found in the contract, with the file it lives in (relative `$ref`s inside it resolve from there). */
export interface Located<T = unknown> {
  readonly value: T;
  readonly file: string;
  readonly pointer: string;
}

/**
 * Every file of a contract, loaded up front: the root and each file reached through a `$ref`. Resolution is then
 * synchronous, and every resolved value knows its file and JSON pointer, so findings can name file:line:column.
 */
export class DocumentSet {
  readonly root: SourceFile;
  readonly #files: ReadonlyMap<string, SourceFile>;

  private constructor(root: SourceFile, files: ReadonlyMap<string, SourceFile>) {
    this.root = root;
    this.#files = files;
  }

  static async load(path: string, projectRoot?: string): Promise<DocumentSet> {
    const files = new Map<string, SourceFile>();
    const pending = [resolvePath(path)];
    while (pending.length > 0) {
      const next = pending.pop() as string;
      if (files.has(next)) continue;
      const source = await readSourceFile(next, projectRoot);
      files.set(next, source);
      for (const ref of collectRefs(source.value)) {
        const target = refFile(ref, next);
        if (target !== next && !files.has(target)) pending.push(target);
      }
    }
    const root = files.get(resolvePath(path)) as SourceFile;
    return new DocumentSet(root, files);
  }

  get files(): readonly SourceFile[] {
    return [...this.#files.values()];
  }

  file(path: string): SourceFile {
    const source = this.#files.get(path);
    if (source === undefined) throw new Error(`file not loaded: ${path}`);
    return source;
  }

  /** The value at a `$ref` written in `fromFile`. */
  resolveRef(ref: string, fromFile: string, at?: { pointer: string }): Located {
    const file = refFile(ref, fromFile);
    const hash = ref.indexOf('#');
    const pointer = hash === -1 ? '' : ref.slice(hash + 1);
    const source = this.#files.get(file);
    const value = source === undefined ? undefined : valueAt(source.value, pointer);
    if (value === undefined) {
      const from = this.#files.get(fromFile);
      const position = from !== undefined && at !== undefined ? from.locate(at.pointer) : undefined;
      throw new KeelError('KEEL_REF_UNRESOLVED', `${from?.displayPath ?? fromFile}: $ref "${ref}" points at nothing`, {
        location: { file: from?.displayPath ?? fromFile, ...position },
      });
    }
    return { value, file, pointer };
  }

  /** Follows `$ref` chains until a value that is not a reference (for parameters, responses, path items...). */
  deref<T>(located: Located<T>): Located<T> {
    let current: Located = located;
    for (let hops = 0; isRef(current.value); hops++) {
      if (hops > 32) {
        throw new KeelError('KEEL_REF_UNRESOLVED', `$ref cycle at ${current.file}#${current.pointer}`, {
          location: { file: this.displayPath(current.file) },
        });
      }
      current = this.resolveRef(current.value.$ref, current.file, { pointer: current.pointer });
    }
    return current as Located<T>;
  }

  /** file:line:column of a located value, for messages. */
  locate(located: { file: string; pointer: string }): { file: string; line: number; column: number } {
    const source = this.file(located.file);
    return { file: source.displayPath, ...source.locate(located.pointer) };
  }

  displayPath(file: string): string {
    return this.#files.get(file)?.displayPath ?? file;
  }
}

export function isRef(value: unknown): value is { $ref: string } {
  return typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string';
}

function refFile(ref: string, fromFile: string): string {
  const hash = ref.indexOf('#');
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  return filePart === '' ? fromFile : resolvePath(dirname(fromFile), decodeURI(filePart));
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of splitPointer(pointer)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function collectRefs(root: unknown): string[] {
  const refs: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...(node as unknown[]));
    else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        if (key === '$ref' && typeof child === 'string') refs.push(child);
        else stack.push(child);
      }
    }
  }
  return refs;
}
