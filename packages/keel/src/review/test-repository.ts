import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const fixture = fileURLToPath(new URL('./fixtures/project/', import.meta.url));
const workspaceModules = fileURLToPath(new URL('../../../../node_modules', import.meta.url));

/** A git repository in a temporary folder holding the review fixture project, committed on `main`. */
export interface TestRepository {
  readonly dir: string;
  git(...args: string[]): Promise<string>;
  write(files: Readonly<Record<string, string>>): Promise<void>;
  commit(message: string): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * Copies fixtures/project into a new repository (node_modules linked from the workspace, so that imports type-check)
 * and commits it on `main`; the test then writes its change on a branch.
 */
export async function createTestRepository(): Promise<TestRepository> {
  const dir = await mkdtemp(join(tmpdir(), 'keel-review-test-'));
  await cp(fixture, dir, { recursive: true });
  await symlink(workspaceModules, join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, '.gitignore'), 'node_modules\n.keel\n');
  const repository: TestRepository = {
    dir,
    async git(...args) {
      const { stdout } = await run(
        'git',
        [
          '-C',
          dir,
          '-c',
          'user.name=Keel Test',
          '-c',
          'user.email=test@keel.dev',
          '-c',
          'commit.gpgsign=false',
          ...args,
        ],
        { encoding: 'utf8' },
      );
      return stdout;
    },
    async write(files) {
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), text);
      }
    },
    async commit(message) {
      await repository.git('add', '-A');
      await repository.git('commit', '-q', '-m', message);
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
  await repository.git('init', '-q', '-b', 'main');
  await repository.commit('The fixture project');
  return repository;
}
