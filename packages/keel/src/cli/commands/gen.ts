import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadProject } from '../../project/index.ts';
import { createOutput, exitCodes } from '../output.ts';

/** `keel gen [dir] [--check]`: writes the generated TypeScript of a project, or checks that it is current. */
export function registerGenCommand(program: Command): void {
  program
    .command('gen')
    .description('generate TypeScript types for every operation of the contract (src/generated/openapi.ts)')
    .argument('[dir]', 'the project folder', '.')
    .option('--check', 'write nothing; exit 1 if a generated file is missing or stale (for CI)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  keel gen                   regenerate after changing openapi.yaml
  keel gen --check           in CI: fail when the generated files are stale`,
    )
    .action(async (dir: string, options: { check?: boolean; json?: boolean }) => {
      const output = createOutput({ json: options.json === true });
      const project = await loadProject(dir);
      const target = resolve(project.root, 'src', 'generated', 'openapi.ts');
      const shown = relative(process.cwd(), target) || target;
      // Loaded here, not at start-up: it brings the TypeScript compiler, which other commands do not need.
      const { generateContractTypes } = await import('../../generate/index.ts');
      const content = await generateContractTypes(project.paths.contract, project.config.contract);
      const current = await readFile(target, 'utf8').catch(() => undefined);
      const stale = current !== content;
      if (options.check === true) {
        output.result({ ok: !stale, files: [{ path: shown, stale }] });
        output.line(
          stale ? `${output.style.bad('stale')} ${shown}: run \`keel gen\`` : `${output.style.ok('current')} ${shown}`,
        );
        if (stale) process.exitCode = exitCodes.gateFailed;
        return;
      }
      if (stale) {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, content);
      }
      output.result({ ok: true, files: [{ path: shown, written: stale }] });
      output.line(`${stale ? output.style.ok('wrote') : output.style.dim('unchanged')} ${shown}`);
    });
}
