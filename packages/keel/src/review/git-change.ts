import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { KeelError } from '../errors/index.ts';

const run = promisify(execFile);

/** git's id of the empty tree: the base of a repository's first commit. */
const emptyTree = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** One file the change touches, relative to the project root. */
export interface ChangedFile {
  readonly path: string;
  readonly status: 'added' | 'modified' | 'deleted' | 'renamed';
  /** The path at the base, when the change renamed the file. */
  readonly from?: string;
  /** Lines (1-based, at the head) that the change added or rewrote; every line of an added file. */
  readonly addedLines: ReadonlySet<number>;
}

/** A change to review: the base commit, the head (a commit, or the working tree), and what it touches. */
export interface Change {
  /** The repository's top folder. */
  readonly top: string;
  /** The project folder relative to `top` (`''` when they are one). */
  readonly projectPath: string;
  readonly base: { readonly ref: string; readonly commit: string; readonly how: string };
  /** Undefined for the working tree (committed or not, untracked files included). */
  readonly head: { readonly ref: string; readonly commit: string } | undefined;
  readonly files: readonly ChangedFile[];
}

export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', cwd, ...args], { maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
  return stdout;
}

/** The repository around a folder; KEEL_REVIEW_NOT_A_REPOSITORY when there is none. */
export async function repositoryTop(dir: string): Promise<string | undefined> {
  try {
    return (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    return undefined;
  }
}

async function commitOf(top: string, ref: string): Promise<string | undefined> {
  try {
    return (await git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch {
    return undefined;
  }
}

/**
 * The base of a review when none is given: the merge-base with the main branch (main, master, or the remote's), else
 * the last release tag, else the empty tree (a repository without history reviews everything).
 */
async function defaultBase(top: string): Promise<Change['base']> {
  const head = await commitOf(top, 'HEAD');
  if (head === undefined) return { ref: 'empty tree', commit: emptyTree, how: 'no commit yet' };
  for (const branch of ['main', 'master', 'origin/main', 'origin/master', 'origin/HEAD']) {
    if ((await commitOf(top, branch)) === undefined) continue;
    const mergeBase = (await git(top, ['merge-base', 'HEAD', branch]).catch(() => '')).trim();
    if (mergeBase !== '') return { ref: branch, commit: mergeBase, how: `merge-base with ${branch}` };
  }
  const tag = (await git(top, ['describe', '--tags', '--abbrev=0']).catch(() => '')).trim();
  if (tag !== '') return { ref: tag, commit: (await commitOf(top, tag)) ?? tag, how: 'last release tag' };
  return { ref: 'HEAD', commit: head, how: 'no main branch or release tag: the uncommitted work' };
}

export interface ChangeOptions {
  readonly base?: string;
  readonly head?: string;
  /** With no base given, on the main branch with nothing uncommitted: review the last commit instead of nothing. */
  readonly lastCommitWhenClean?: boolean;
}

/** Computes the change of a project folder between a base and a head, with the lines each file gained. */
export async function computeChange(projectRoot: string, options: ChangeOptions): Promise<Change> {
  const top = await repositoryTop(projectRoot);
  if (top === undefined) {
    throw new KeelError('KEEL_REVIEW_NOT_A_REPOSITORY', `${projectRoot} is not inside a git repository`, {
      location: { file: projectRoot },
    });
  }
  const base =
    options.base === undefined
      ? await defaultBase(top)
      : { ref: options.base, commit: await mustResolve(top, options.base), how: 'given' };
  const head =
    options.head === undefined ? undefined : { ref: options.head, commit: await mustResolve(top, options.head) };
  const projectPath = toPosix(relative(top, projectRoot));
  const change = await changeBetween(top, projectPath, base, head);
  // On the main branch with nothing uncommitted, the change worth reviewing is the last commit.
  if (
    options.lastCommitWhenClean === true &&
    options.base === undefined &&
    head === undefined &&
    change.files.length === 0
  ) {
    const current = await commitOf(top, 'HEAD');
    const parent = await commitOf(top, 'HEAD~1');
    if (current === base.commit && parent !== undefined) {
      return changeBetween(
        top,
        projectPath,
        { ref: 'HEAD~1', commit: parent, how: 'the last commit (nothing else to review)' },
        head,
      );
    }
  }
  return change;
}

async function changeBetween(
  top: string,
  projectPath: string,
  base: Change['base'],
  head: Change['head'],
): Promise<Change> {
  const scope = projectPath === '' ? '.' : projectPath;
  const range = head === undefined ? [base.commit] : [base.commit, head.commit];
  const nameStatus = await git(top, ['diff', '--name-status', '-z', '-M', '--no-ext-diff', ...range, '--', scope]);
  const patch = await git(top, ['diff', '-U0', '--no-color', '--no-ext-diff', '-M', ...range, '--', scope]);
  const added = parseAddedLines(patch);
  const files: ChangedFile[] = [];
  const fields = nameStatus.split('\0').filter((field) => field !== '');
  for (let index = 0; index < fields.length;) {
    const code = fields[index++] ?? '';
    const letter = code[0];
    if (letter === 'R' || letter === 'C') {
      const from = fields[index++] ?? '';
      const to = fields[index++] ?? '';
      files.push({
        path: to,
        status: letter === 'R' ? 'renamed' : 'added',
        from,
        addedLines: added.get(to) ?? new Set(),
      });
    } else {
      const path = fields[index++] ?? '';
      const status = letter === 'A' ? 'added' : letter === 'D' ? 'deleted' : 'modified';
      files.push({ path, status, addedLines: added.get(path) ?? new Set() });
    }
  }
  if (head === undefined) {
    const untracked = await git(top, ['ls-files', '--others', '--exclude-standard', '-z', '--', scope]);
    for (const path of untracked.split('\0').filter((p) => p !== '')) {
      files.push({ path, status: 'added', addedLines: everyLine });
    }
  }
  const inProject = (path: string): string => (projectPath === '' ? path : path.slice(projectPath.length + 1));
  return {
    top,
    projectPath,
    base,
    head,
    files: files
      .map((file) => ({
        ...file,
        path: inProject(file.path),
        ...(file.from === undefined ? {} : { from: inProject(file.from) }),
        addedLines: file.status === 'added' && file.addedLines.size === 0 ? everyLine : file.addedLines,
      }))
      .sort((a, b) => a.path.localeCompare(b.path)),
  };
}

/** Stands for every line of an added file (an untracked file has no patch). */
export const everyLine: ReadonlySet<number> = new (class extends Set<number> {
  override has(): boolean {
    return true;
  }
})();

async function mustResolve(top: string, ref: string): Promise<string> {
  const commit = await commitOf(top, ref);
  if (commit === undefined) {
    throw new KeelError('KEEL_GIT_REVISION_NOT_FOUND', `${ref} is not a revision of ${top}`, {
      extensions: { revision: ref },
    });
  }
  return commit;
}

/** The head-side lines of each hunk of a `git diff -U0`, by path (as git names it, from the repository top). */
export function parseAddedLines(patch: string): Map<string, Set<number>> {
  const added = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of patch.split('\n')) {
    if (line.startsWith('+++ ')) {
      const path = line.slice(4);
      current = path === '/dev/null' ? undefined : new Set();
      if (current !== undefined) added.set(unquote(path).replace(/^b\//, ''), current);
    } else if (line.startsWith('@@') && current !== undefined) {
      const match = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (match === null) continue;
      const start = Number(match[1]);
      const count = match[2] === undefined ? 1 : Number(match[2]);
      for (let n = start; n < start + count; n += 1) current.add(n);
    }
  }
  return added;
}

function unquote(path: string): string {
  return path.startsWith('"') ? (JSON.parse(path) as string) : path;
}

/**
 * A revision's files written to a temporary folder (`git archive`), for the checks that read a whole project: the
 * base of the stage gates, or a head given as a revision. `paths` limits it (default: the whole repository).
 */
export async function materialize(
  top: string,
  commit: string,
  paths: readonly string[] = [],
): Promise<{ readonly dir: string; readonly dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'keel-review-'));
  const archive = join(dir, '.keel-review.tar');
  if (commit !== emptyTree) {
    await git(top, [
      'archive',
      '--format=tar',
      '-o',
      archive,
      commit,
      '--',
      ...(paths.length === 0 ? ['.'] : paths),
    ]).catch((error: unknown) => {
      // A folder absent at that revision: nothing to write.
      if (!String(error).includes('did not match any files')) throw error;
    });
    await run('tar', ['-xf', archive, '-C', dir]).catch(() => undefined);
    await rm(archive, { force: true });
  }
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

export function projectDirIn(root: string, change: Change): string {
  return resolve(root, change.projectPath);
}
