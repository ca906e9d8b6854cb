import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { KeelError } from '../../errors/index.ts';
import { keelVersion } from '../../version.ts';
import { createOutput } from '../output.ts';

const templates = fileURLToPath(new URL('../../../templates/init/', import.meta.url));
const keelPackage = fileURLToPath(new URL('../../../', import.meta.url));

/** `keel init <dir>`: a new project with every stage's artifact as a commented template. Never overwrites. */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('create a Keel project: every artifact as a commented template, with working npm start and npm test')
    .argument('<dir>', 'the folder to create the project in (created if absent)')
    .option('--name <name>', 'the service name (default: the folder name)')
    .option(
      '--agent <agents>',
      'also write the stage playbooks for AI agents: claude, copilot, codex, cursor, gemini, or all',
    )
    .option('--json', 'print the files written as JSON')
    .addHelpText(
      'after',
      `
Examples:
  keel init my-api && cd my-api && npm install && npm test
  keel init my-api --agent claude,codex     with playbooks for Claude Code and AGENTS.md (see keel agents install)

The project starts as a tiny notes service that passes its tests; replace each artifact with your own, stage by
stage, checking each with \`keel check <stage>\`. keel init refuses to overwrite any existing file.`,
    )
    .action(async (dir: string, options: { name?: string; agent?: string; json?: boolean }) => {
      const output = createOutput({ json: options.json === true });
      // Checked before anything is written: a wrong agent name must leave no half-made project behind.
      const agentsModule = options.agent === undefined ? undefined : await import('../../agents/index.ts');
      const agents = options.agent === undefined ? [] : (agentsModule?.parseAgentList(options.agent) ?? []);
      const root = resolve(dir);
      const name =
        options.name ??
        (basename(root)
          .toLowerCase()
          .replace(/[^a-z0-9-]+/g, '-') ||
          'api');
      const files = await projectFiles(name);
      const generated = ['src/generated/openapi.ts', 'src/generated/database.ts'];
      const existing = [...files.keys(), ...generated].filter((path) => existsSync(join(root, path)));
      if (existing.length > 0) {
        throw new KeelError('KEEL_INIT_WOULD_OVERWRITE', `${dir} already has ${existing.join(', ')}`, {
          extensions: { files: existing },
        });
      }
      for (const [path, content] of files) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), content, { flag: 'wx' });
      }
      // What `keel gen` writes, so that `keel gen --check` passes on a new project. Loaded here: the generators bring
      // the TypeScript compiler and a database.
      const [{ generateContractTypes, generateDatabaseTypes, migratedCatalog }, { readMigrations }] = await Promise.all(
        [import('../../generate/index.ts'), import('../../migrations/index.ts')],
      );
      await mkdir(join(root, 'src', 'generated'), { recursive: true });
      await writeFile(
        join(root, 'src/generated/openapi.ts'),
        await generateContractTypes(join(root, 'openapi.yaml'), 'openapi.yaml'),
      );
      const snapshot = await migratedCatalog(await readMigrations(join(root, 'migrations')));
      await writeFile(join(root, 'src/generated/database.ts'), generateDatabaseTypes(snapshot, 'migrations'));
      for (const path of generated) files.set(path, '');
      if (agentsModule !== undefined) {
        const [{ loadProject }, { stages }] = await Promise.all([
          import('../../project/index.ts'),
          import('../../journey/registry.ts'),
        ]);
        const installed = await agentsModule.installAgents(await loadProject(root), stages, { agents });
        for (const file of installed) files.set(file.path, '');
      }
      const shown = relative(process.cwd(), root) || '.';
      output.result({ ok: true, dir: root, files: [...files.keys()] });
      output.line(`${output.style.ok('created')} ${name} in ${shown}: ${String(files.size)} files`);
      output.line();
      output.line(`  cd ${shown} && npm install && npm test`);
      output.line(`  npx keel status    ${output.style.dim('the journey, and the next step')}`);
    });
}

/** Every file of a new project, by relative path: the templates with the name filled in, and what is generated. */
async function projectFiles(name: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const today = new Date().toISOString().slice(0, 10);
  for (const path of await listFiles(templates)) {
    const content = await readFile(join(templates, path), 'utf8');
    const target = path === 'gitignore' ? '.gitignore' : path; // npm drops files named .gitignore from packages
    files.set(target, content.replaceAll('__NAME__', name).replaceAll('__DATE__', today));
  }
  files.set('package.json', JSON.stringify(packageJson(name), null, 2) + '\n');
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

function packageJson(name: string): Record<string, unknown> {
  // A Keel run from a checkout (not from node_modules) is depended on by path, so a new project works before release.
  const fromCheckout = !keelPackage.split(sep).includes('node_modules');
  return {
    name,
    private: true,
    type: 'module',
    scripts: {
      start: 'keel serve .',
      test: 'node --test "test/**/*.test.ts"',
      check: 'keel check',
      status: 'keel status',
      gen: 'keel gen',
    },
    dependencies: {
      keel: fromCheckout ? `file:${keelPackage.replace(/[/\\]$/, '')}` : `^${keelVersion}`,
      kysely: '^0.29.9',
    },
    // Keel runs TypeScript directly, which needs Node 24; this pins it for npm scripts whatever Node is installed.
    devDependencies: { node: '24.21.0', '@types/node': '^24.10.1' },
    allowScripts: { node: true },
  };
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const paths: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) paths.push(...(await listFiles(dir, path)));
    else paths.push(path);
  }
  return paths;
}
