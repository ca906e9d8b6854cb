import type { Command } from 'commander';
import { KeelError } from '../../errors/index.ts';
import { loadProject } from '../../project/index.ts';
import { createOutput, exitCodes } from '../output.ts';
import { printFinding } from './check.ts';

interface ShipOptions {
  readonly version?: string;
  readonly dryRun?: boolean;
  readonly database?: string;
  readonly json?: boolean;
}

/** `keel ship [dir] [--version X.Y.Z] [--dry-run]`: the readiness gate, then releases/<version>/. */
export function registerShipCommand(program: Command): void {
  program
    .command('ship')
    .description('check readiness, then write releases/<version>/: the release record, rollback plan and deploy bundle')
    .argument('[dir]', 'the project folder', '.')
    .option('--version <X.Y.Z>', 'the version to release (default: the contract’s info.version, which it must equal)')
    .option('--dry-run', 'run the readiness gate and build the release, but write nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  keel ship                      release the contract's info.version
  keel ship --dry-run            what would be released, and what blocks it
  keel ship examples/bookings --version 1.3.0 --json

The readiness gate: every earlier stage passes and is not stale (keel status), the tree is committed, the version is
new and its bump matches the contract diff against the last release (major for breaking), every new migration has a
down step and released ones are unedited, and no migration breaks the previous release's code during the rollout
(expand and contract). Exit code 0 only when the gate passes (and, without --dry-run, the release is written).`,
    )
    .action(async (dir: string, options: ShipOptions) => {
      const output = createOutput({ json: options.json === true });
      const project = await loadProject(dir);
      const [{ stages }, { planRelease, writeRelease }] = await Promise.all([
        import('../../journey/registry.ts'),
        import('../../ship/index.ts'),
      ]);
      if (options.version !== undefined && !/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(options.version)) {
        throw new KeelError('KEEL_RELEASE_VERSION_INVALID', `--version "${options.version}" is not MAJOR.MINOR.PATCH`);
      }
      output.note(`checking readiness of ${project.config.name}…`);
      const plan = await planRelease(project, stages, { version: options.version });
      const written = plan.ok && options.dryRun !== true ? await writeRelease(project, plan) : undefined;
      output.result({
        ok: plan.ok,
        version: plan.version ?? null,
        dryRun: options.dryRun === true,
        written: written ?? null,
        counts: plan.counts,
        findings: plan.findings,
        record: plan.record ?? null,
        files: plan.files === undefined ? [] : [...plan.files.keys()],
      });
      for (const finding of plan.findings) printFinding(output, finding);
      if (plan.findings.length > 0) output.line();
      const { style } = output;
      const record = plan.record;
      if (!plan.ok) {
        output.line(
          style.bad(`not ready: ${plan.counts.error} error${plan.counts.error === 1 ? '' : 's'}; nothing was written`),
        );
        process.exitCode = exitCodes.gateFailed;
        return;
      }
      if (record === undefined) return;
      for (const gate of record.gates) {
        output.line(
          `${gate.stage.padEnd(13)} ${gate.state === 'passing' ? style.ok('passing') : style.dim(`not available (${gate.note ?? ''})`)}`,
        );
      }
      output.line();
      output.line(
        `${record.previous === null ? 'first release' : `after ${record.previous.version}: ${record.bump} bump (the contract diff needs ${record.requiredBump})`}; ` +
          `${record.changelog.length} change${record.changelog.length === 1 ? '' : 's'}; migrations up to ${record.migrations.level}`,
      );
      output.line(
        written === undefined
          ? style.warn(`dry run: release ${record.version} is ready; nothing was written`)
          : `${style.ok('released')} ${style.bold(record.version)} in ${written}/ (RELEASE.md to deploy, ROLLBACK.md to go back)`,
      );
    });
}
