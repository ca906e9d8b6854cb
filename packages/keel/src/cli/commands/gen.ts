import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadProject, type Project } from '../../project/index.ts';
import { createOutput, exitCodes } from '../output.ts';

/** A file `keel gen` writes, and how to produce its content. */
interface GeneratedFile {
  readonly target: string;
  content(): Promise<string>;
}

/** `keel gen [dir] [--check]`: writes the generated TypeScript of a project, or checks that it is current. */
export function registerGenCommand(program: Command): void {
  program
    .command('gen')
    .description(
      'generate TypeScript types for every operation of the contract (src/generated/openapi.ts), the ' +
        'Kysely DB interface of the tables the migrations create (src/generated/database.ts) and, when the ' +
        'row-level security access.yaml implies differs from the migrations’, migrations/NNNN_access_policies.sql',
    )
    .argument('[dir]', 'the project folder', '.')
    .option('--check', 'write nothing; exit 1 if a generated file is missing or stale (for CI)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
The database types come from applying every migration to an in-memory PGlite database and reading its catalog.
The policies migration drops and recreates only Keel's keel_<table>_<command> policies that differ, and its down
section restores the previous ones (docs/decisions/0006-access-control.md).

Examples:
  keel gen                   regenerate after changing openapi.yaml or adding a migration
  keel gen --check           in CI: fail when the generated files are stale`,
    )
    .action(async (dir: string, options: { check?: boolean; json?: boolean }) => {
      const output = createOutput({ json: options.json === true });
      const project = await loadProject(dir);
      const results: { path: string; stale: boolean }[] = [];
      // Before the database types, which are read from every migration, the new one included.
      const { accessPoliciesMigration } = await import('../../generate/access-policies.ts');
      const policies = await accessPoliciesMigration(project);
      if (policies !== undefined) {
        results.push({ path: relative(process.cwd(), policies.path) || policies.path, stale: true });
        if (options.check !== true) await writeFile(policies.path, policies.content, { flag: 'wx' });
      }
      for (const file of generatedFiles(project)) {
        const shown = relative(process.cwd(), file.target) || file.target;
        const content = await file.content();
        const current = await readFile(file.target, 'utf8').catch(() => undefined);
        const stale = current !== content;
        results.push({ path: shown, stale });
        if (stale && options.check !== true) {
          await mkdir(dirname(file.target), { recursive: true });
          await writeFile(file.target, content);
        }
      }
      if (options.check === true) {
        const ok = results.every((result) => !result.stale);
        output.result({ ok, files: results });
        for (const { path, stale } of results) {
          output.line(
            stale ? `${output.style.bad('stale')} ${path}: run \`keel gen\`` : `${output.style.ok('current')} ${path}`,
          );
        }
        if (!ok) process.exitCode = exitCodes.gateFailed;
        return;
      }
      output.result({ ok: true, files: results.map(({ path, stale }) => ({ path, written: stale })) });
      for (const { path, stale } of results) {
        output.line(`${stale ? output.style.ok('wrote') : output.style.dim('unchanged')} ${path}`);
      }
    });
}

function generatedFiles(project: Project): GeneratedFile[] {
  // Loaded when needed, not at start-up: the TypeScript compiler and the database drivers, which other commands
  // do not need.
  return [
    {
      target: resolve(project.root, 'src', 'generated', 'openapi.ts'),
      async content() {
        const { generateContractTypes } = await import('../../generate/index.ts');
        return generateContractTypes(project.paths.contract, project.config.contract);
      },
    },
    {
      target: resolve(project.root, 'src', 'generated', 'database.ts'),
      async content() {
        const { generateDatabaseTypes, migratedCatalog } = await import('../../generate/index.ts');
        const { readMigrations } = await import('../../migrations/index.ts');
        const snapshot = await migratedCatalog(await readMigrations(project.paths.migrations));
        return generateDatabaseTypes(snapshot, project.config.migrations);
      },
    },
  ];
}
