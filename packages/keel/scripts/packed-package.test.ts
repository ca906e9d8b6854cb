/**
 * The packed keel, as a project gets it from a registry (decision record 0015): `npm pack`, installed into an empty
 * project, then its CLI, `keel init`, every gate, `keel ship` and a release's production entry point, all running from
 * node_modules. Slow (a build, an install from npm's cache, every gate): run once, by `npm run test:pack` in
 * packages/keel, not by the unit-test glob.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { createTestDatabase, testDatabaseKinds } from '../src/testing/index.ts';

const exec = promisify(execFile);
const packageRoot = join(import.meta.dirname, '..');
const workspaceRoot = join(packageRoot, '..', '..');

/** The environment of every command: this Node first on PATH (npm runs its scripts with it), no test context. */
function commandEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env['PATH'] ?? ''}`,
    NO_COLOR: '1',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  delete env['NODE_TEST_CONTEXT']; // the commands' own node:test runs are runs of their own
  delete env['DATABASE_URL'];
  return env;
}

async function run(command: string, args: readonly string[], cwd: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await exec(command, args, { cwd, env: commandEnv(), maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: `${failed.stdout ?? ''}\n${failed.stderr ?? ''}` };
  }
}

async function registryReachable(outsideWorkspace: string): Promise<boolean> {
  const { code, stdout } = await run('npm', ['config', 'get', 'registry'], outsideWorkspace);
  assert.equal(code, 0, stdout);
  try {
    const response = await fetch(new URL('-/ping', stdout.trim()), { signal: AbortSignal.timeout(10_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** keel's package folder beside the workspace's tsconfig.json and node_modules, so that packing it changes no file here. */
async function copyOfPackage(work: string): Promise<string> {
  const copy = join(work, 'workspace');
  const keel = join(copy, 'packages', 'keel');
  await mkdir(keel, { recursive: true });
  await cp(join(workspaceRoot, 'tsconfig.json'), join(copy, 'tsconfig.json'));
  await symlink(join(workspaceRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
  if (existsSync(join(packageRoot, 'node_modules'))) {
    await symlink(join(packageRoot, 'node_modules'), join(keel, 'node_modules'), 'dir');
  }
  for (const entry of ['package.json', 'tsconfig.build.json', 'schemas', 'templates', 'scripts']) {
    await cp(join(packageRoot, entry), join(keel, entry), { recursive: true });
  }
  await cp(join(packageRoot, 'src'), join(keel, 'src'), {
    recursive: true,
    // Tests and fixtures are not built; a working copy's scratch folders (`tmp-…`) are nobody's source.
    filter: (source) =>
      !source.endsWith('.test.ts') && basename(source) !== 'fixtures' && !basename(source).startsWith('tmp-'),
  });
  return keel;
}

test(
  'the packed keel installs into an empty project and runs from node_modules: CLI, gates, ship, entry point',
  {
    timeout: 20 * 60_000,
  },
  async (t) => {
    const work = await mkdtemp(join(tmpdir(), 'keel-packed-'));
    t.after(() => rm(work, { recursive: true, force: true }));
    if (!(await registryReachable(work))) {
      t.skip('the npm registry is unreachable: the packed package’s dependencies cannot be installed');
      return;
    }
    const { version } = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as { version: string };

    // npm pack runs prepack (tsc to dist/, the packed manifest) and postpack (the workspace's manifest back).
    const keel = await copyOfPackage(work);
    const manifestBefore = await readFile(join(keel, 'package.json'), 'utf8');
    const packed = await run('npm', ['pack', '--json', '--pack-destination', work], keel);
    assert.equal(packed.code, 0, packed.stdout);
    const [tarball] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
      filename: string;
      files: { path: string }[];
    }[];
    assert.ok(tarball !== undefined);
    const paths = new Set(tarball.files.map((file) => file.path));
    for (const path of ['dist/cli/bin.js', 'dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js']) {
      assert.ok(paths.has(path), `the tarball holds ${path}`);
    }
    assert.ok(paths.has('templates/init/openapi.yaml'), 'the tarball holds what keel init copies');
    assert.ok(paths.has('schemas/requirements.schema.json'), 'the tarball holds the JSON schemas');
    assert.deepEqual(
      [...paths].filter((path) => path.startsWith('src/') || (/(?<!\.d)\.ts$/.test(path) && path.startsWith('dist/'))),
      [],
    );
    assert.equal(await readFile(join(keel, 'package.json'), 'utf8'), manifestBefore, 'postpack restored package.json');
    assert.ok(!existsSync(join(keel, 'dist')), 'postpack removed dist/');

    // An empty project installs the tarball from npm's cache (the registry for what the cache lacks).
    const consumer = join(work, 'consumer');
    await mkdir(consumer);
    await writeFile(join(consumer, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
    const installed = await run('npm', ['install', join(work, tarball.filename), '--prefer-offline'], consumer);
    assert.equal(installed.code, 0, installed.stdout);
    const keelCommand = (...args: string[]) => run('npx', ['--no-install', 'keel', ...args], consumer);

    const shown = await keelCommand('--version');
    assert.equal(shown.code, 0, shown.stdout);
    assert.equal(shown.stdout.trim(), version);

    const created = await keelCommand('init', 'app');
    assert.equal(created.code, 0, created.stdout);
    const app = join(consumer, 'app');
    assert.match(await readFile(join(app, 'package.json'), 'utf8'), new RegExp(`"keel": "\\^${version}"`));
    const checked = await keelCommand('check', app, '--json');
    const report = JSON.parse(checked.stdout.slice(checked.stdout.indexOf('{'))) as {
      ok: boolean;
      stages: { stage: string; result: 'passed' | 'failed' }[];
    };
    assert.deepEqual(
      report.stages.filter((stage) => stage.result !== 'passed').map((stage) => stage.stage),
      [],
      'every gate passes on the keel init project, run from node_modules',
    );
    assert.equal(report.stages.length, 9);
    assert.equal(checked.code, 0);

    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['add', '-A'],
      ['-c', 'user.email=packed@example.test', '-c', 'user.name=Packed', 'commit', '-qm', 'app'],
    ]) {
      assert.equal((await run('git', args, app)).code, 0);
    }
    const shipped = await keelCommand('ship', app, '--json');
    assert.equal(shipped.code, 0, shipped.stdout);
    assert.equal(
      (JSON.parse(shipped.stdout.slice(shipped.stdout.indexOf('{'))) as { written: string }).written,
      'releases/1.0.0',
    );

    await t.test(
      'the release’s production entry point serves from node_modules and is ready',
      {
        skip: testDatabaseKinds().includes('postgres') ? false : 'no PostgreSQL server for production mode',
      },
      async (s) => {
        const database = await createTestDatabase('postgres');
        s.after(() => database.dispose());
        const server = spawn(process.execPath, ['releases/1.0.0/deploy/server.mjs'], {
          cwd: app,
          env: { ...commandEnv(), DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        s.after(() => server.kill('SIGKILL'));
        let stderr = '';
        const address = await new Promise<string>((resolve, reject) => {
          server.stderr.setEncoding('utf8').on('data', (chunk: string) => {
            stderr += chunk;
            const found = /serving at (http:\/\/\S+)/.exec(stderr);
            if (found?.[1] !== undefined) resolve(found[1]);
          });
          server.once('exit', (code) => reject(new Error(`exited with ${String(code)}: ${stderr}`)));
        });
        const ready = await fetch(`${address}/readyz`);
        assert.equal(ready.status, 200, await ready.text());
        const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        assert.equal(await exited, 0);
      },
    );
  },
);
