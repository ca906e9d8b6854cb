import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { KeelError } from '../../errors/index.ts';
import { parseSource } from '../../source/index.ts';

const run = promisify(execFile);

/** `REV:path`, as git writes it (`HEAD~3:openapi.yaml`, `v1.2.0:api/openapi.yaml`, `main:`). */
export interface RevisionSpec {
  readonly revision: string;
  /** As written after the colon; empty means the project's contract. */
  readonly path: string;
}

/** Reads `REV:path`; undefined for anything else (a Windows drive letter is a path, not a revision). */
export function parseRevisionSpec(spec: string): RevisionSpec | undefined {
  const match = /^([^:\s]+):(.*)$/.exec(spec);
  if (match === null) return undefined;
  const [, revision = '', path = ''] = match;
  if (/^[A-Za-z]$/.test(revision) && /^[\\/]/.test(path)) return undefined;
  return { revision, path };
}

/** A contract's files copied out of a git revision into a temporary folder, mirroring the repository's layout. */
export interface MaterializedRevision {
  /** The temporary folder (the repository root at that revision). */
  readonly root: string;
  /** The contract's root file inside it. */
  readonly file: string;
  /** The contract's path inside the repository. */
  readonly repositoryPath: string;
}

/**
 * Copies the contract at a revision, and every file its `$ref`s reach at that same revision, out of git. Relative
 * paths (`./`, `../`) and bare paths not found at the repository root are taken from `dir`, as a user in a
 * project folder means them.
 */
export async function materializeRevision(
  spec: RevisionSpec,
  dir: string,
  defaultPath: string,
): Promise<MaterializedRevision> {
  const top = await git(dir, ['rev-parse', '--show-toplevel']).catch((error: unknown) => {
    throw new KeelError('KEEL_GIT_REVISION_NOT_FOUND', `${dir} is not inside a git repository`, {
      fix: 'Run the command in a git checkout (or pass --dir), or compare two files instead of a revision.',
      cause: error,
    });
  });
  const label = `${spec.revision}:${spec.path}`;
  await git(top, ['rev-parse', '--verify', '--quiet', `${spec.revision}^{commit}`]).catch((error: unknown) => {
    throw new KeelError('KEEL_GIT_REVISION_NOT_FOUND', `${spec.revision} is not a revision of ${top}`, {
      extensions: { revision: spec.revision },
      cause: error,
    });
  });
  const fromDir = toPosix(relative(top, resolve(dir)));
  const wanted = spec.path === '' ? toPosix(relative(top, defaultPath)) : spec.path;
  const candidates = /^\.\.?\//.test(wanted)
    ? [posix.normalize(posix.join(fromDir, wanted))]
    : [...new Set([posix.normalize(wanted), posix.normalize(posix.join(fromDir, wanted))])];
  let rootPath: string | undefined;
  for (const candidate of candidates) {
    if (await existsAt(top, spec.revision, candidate)) {
      rootPath = candidate;
      break;
    }
  }
  if (rootPath === undefined) {
    throw new KeelError('KEEL_GIT_FILE_NOT_FOUND', `${label}: no such file at ${spec.revision}`, {
      extensions: { revision: spec.revision, tried: candidates },
    });
  }

  const root = await mkdtemp(join(tmpdir(), 'keel-contract-rev-'));
  const pending = [rootPath];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const path = pending.pop() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    if (path.startsWith('../') || !(await existsAt(top, spec.revision, path))) {
      throw new KeelError('KEEL_GIT_FILE_NOT_FOUND', `${spec.revision}:${path}: referenced by $ref but not in git`, {
        fix: 'Commit every file the contract references; keel contract diff reads them at the same revision.',
      });
    }
    const text = await git(top, ['show', `${spec.revision}:${path}`], false);
    const source = parseSource(text, path, `${spec.revision}:${path}`);
    for (const ref of collectFileRefs(source.value)) {
      pending.push(posix.normalize(posix.join(posix.dirname(path), decodeURI(ref))));
    }
    const target = join(root, ...path.split('/'));
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(target, text);
  }
  return { root, file: join(root, ...rootPath.split('/')), repositoryPath: rootPath };
}

async function existsAt(top: string, revision: string, path: string): Promise<boolean> {
  try {
    const type = await git(top, ['cat-file', '-t', `${revision}:${path}`]);
    return type === 'blob';
  } catch {
    return false;
  }
}

async function git(cwd: string, args: readonly string[], trim = true): Promise<string> {
  const { stdout } = await run('git', ['-C', cwd, ...args], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  return trim ? stdout.trim() : stdout;
}

/** The file parts of `$ref`s to other local files (URLs are not followed). */
function collectFileRefs(root: unknown): string[] {
  const refs: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...(node as unknown[]));
    else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        if (key === '$ref' && typeof child === 'string') {
          const file = child.split('#')[0] ?? '';
          if (file !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(file)) refs.push(file);
        } else stack.push(child);
      }
    }
  }
  return refs;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
