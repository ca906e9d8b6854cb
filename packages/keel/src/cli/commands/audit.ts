import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { KeelError } from '../../errors/index.ts';
import { loadProject } from '../../project/index.ts';
import { createOutput, exitCodes, type Output } from '../output.ts';
import type { AuditFinding, AuditRun } from '../../audit/index.ts';

interface AuditCommandOptions {
  database?: string;
  target?: string;
  credentials?: string;
  verify?: boolean;
  writeTests?: boolean;
  seed?: string;
  format?: 'text' | 'markdown' | 'json' | 'sarif';
  json?: boolean;
  only?: string;
}

/** `keel audit [dir]`: attacks the project on a scratch database and reports findings; exit 1 on critical or high. */
export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description(
      'attack the API on a scratch database (two tenants, every role): OWASP API Top 10 probes, the JWT battery, injection, limits, headers, inventory',
    )
    .argument('[dir]', 'the project folder', '.')
    .option(
      '--database <url>',
      'a PostgreSQL server to create (and drop) a scratch database on (default: embedded PGlite)',
    )
    .option('--seed <n>', 'seed of the generated data: the same seed sends the same requests', '1')
    .option('--target <url>', 'attack a running instance instead of a scratch one')
    .option(
      '--credentials <file>',
      'with --target: YAML or JSON with two tenants and the headers of a principal per role',
    )
    .option('--verify', 're-check only the findings of the last audit (.keel/evidence/audit/findings.json)')
    .option('--no-write-tests', 'do not write a regression test per finding into test/security/')
    .option('--only <rules>', 'comma-separated rule ids (security/…) to run, e.g. to re-check past findings')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json', 'sarif']).default('text'),
    )
    .option('--json', 'same as --format json')
    .addHelpText(
      'after',
      `
Examples:
  keel audit                                  the project in this folder, on PGlite
  keel audit examples/bookings --format markdown > audit.md
  keel audit --format sarif > audit.sarif     for code-scanning interfaces (SARIF 2.1.0)
  keel audit --verify                         re-check the last audit's findings after a fix
  keel audit --target https://staging.example.com --credentials ~/audit-credentials.yaml
  keel audit --only security/cross-tenant-object,security/forged-token-accepted

The project runs in-process on a freshly migrated database, with two tenants, a principal for every role of
access.yaml in each and objects created through the contract's own create operations. Every finding names its OWASP
category and severity, and carries the exact request and response (credentials redacted), a curl command and a fix.
Each new finding writes a regression test into test/security/ that fails while the hole is open. The report is also
written to .keel/evidence/audit/ (report.md, findings.json); --verify re-checks those findings only. With --target,
the audit attacks a running instance as the principals of a credentials file (never commit it). The exit code is 1
when a critical or high finding remains, 2 on bad input.`,
    )
    .action(async (dir: string, options: AuditCommandOptions) => {
      const format = options.json === true ? 'json' : (options.format ?? 'text');
      const output = createOutput({ json: format !== 'text' });
      const seed = Number(options.seed ?? '1');
      if (!Number.isSafeInteger(seed) || seed < 0) {
        throw new KeelError(
          'KEEL_USAGE',
          `--seed must be a whole number of at least 0 (got ${JSON.stringify(options.seed)})`,
        );
      }
      if (options.target !== undefined && !/^https?:\/\/[^/]/.test(options.target)) {
        throw new KeelError('KEEL_USAGE', `--target must be an http(s) URL (got ${JSON.stringify(options.target)})`);
      }
      if (options.target !== undefined && options.database !== undefined) {
        throw new KeelError('KEEL_USAGE', '--target and --database cannot be combined', {
          fix: 'Attack a running instance with --target, or a scratch one (on --database) without it.',
        });
      }
      const [audit, { auditRules }, { regressionTestFolder, writeRegressionTests }, { securityStage }] =
        await Promise.all([
          import('../../audit/index.ts'),
          import('../../audit/audit-rules.ts'),
          import('../../audit/regression-tests.ts'),
          import('../../audit/audit-stage.ts'),
        ]);
      let only = options.only
        ?.split(',')
        .map((rule) => rule.trim())
        .filter((rule) => rule !== '');
      const unknown = only?.filter((rule) => !auditRules.some((candidate) => candidate.id === rule)) ?? [];
      if (unknown.length > 0) {
        throw new KeelError('KEEL_USAGE', `unknown audit rule ${unknown.join(', ')}`, {
          fix: `Name rules of the security stage: ${auditRules.map((rule) => rule.id).join(', ')}.`,
        });
      }
      const project = await loadProject(dir);
      if (options.credentials !== undefined) {
        // A missing or malformed credentials file is bad input: said before anything starts.
        const { readTargetCredentials } = await import('../../audit/target-world.ts');
        await readTargetCredentials(options.credentials, process.cwd(), undefined);
      }
      const folder = join(project.root, '.keel', 'evidence', 'audit');
      const past = options.verify === true ? await pastFindings(join(folder, 'findings.json')) : undefined;
      if (past !== undefined) only = [...new Set(past.map((finding) => finding.rule))];
      const [{ stages }, { checkStages }, { keelVersion }] = await Promise.all([
        import('../../journey/registry.ts'),
        import('../../journey/check-stages.ts'),
        import('../../version.ts'),
      ]);
      if (format === 'text')
        output.note(
          options.target === undefined
            ? `auditing ${project.config.name} (seed ${seed}) on a scratch database…`
            : `auditing ${options.target} as the principals of ${options.credentials ?? '(no credentials file: anonymous only)'}…`,
        );
      const checkOptions = {
        seed,
        ...(options.database === undefined ? {} : { databaseUrl: options.database }),
        ...(only === undefined ? {} : { only }),
        ...(options.target === undefined ? {} : { target: options.target }),
        ...(options.credentials === undefined ? {} : { credentials: resolve(options.credentials) }),
      };
      const all = stages.includes(securityStage) ? stages : [...stages, securityStage];
      const [checked] = await checkStages(project, [securityStage], all, checkOptions);
      const run = parseRun(checked?.evidence.outputs['audit-run.json']);
      if (checked === undefined || run === undefined) {
        const reason = checked?.result.findings.map((finding) => finding.message).join('; ') ?? 'the gate did not run';
        throw new KeelError('KEEL_USAGE', `the audit could not start: ${reason}`, {
          fix: 'Run `keel check contract access` and fix what it reports; with --target, check that the target answers.',
        });
      }
      let findings = run.findings;
      let fixed: typeof run.findings = [];
      if (past !== undefined) {
        const open = new Set(findings.map((finding) => finding.id));
        const pastIds = new Set(past.map((finding) => finding.id));
        fixed = past.filter((finding) => !open.has(finding.id));
        findings = findings.filter((finding) => pastIds.has(finding.id));
      }
      const shown = { ...run, findings, passed: !findings.some((finding) => audit.failsGate(finding.severity)) };
      await mkdir(folder, { recursive: true });
      const markdown = audit.auditMarkdown(shown);
      await writeFile(join(folder, 'report.md'), markdown);
      if (past === undefined) await writeFile(join(folder, 'findings.json'), JSON.stringify(run, null, 2) + '\n');
      const tests =
        options.writeTests === false || past !== undefined ? [] : await writeRegressionTests(project, findings);
      if (format === 'json')
        output.result({
          ok: shown.passed,
          stage: 'security',
          ...shown,
          ...(past === undefined ? {} : { fixed }),
          regressionTests: tests,
        });
      else if (format === 'sarif') process.stdout.write(audit.auditSarif(shown, keelVersion) + '\n');
      else if (format === 'markdown') process.stdout.write(markdown + '\n');
      else {
        printRun(output, shown, relative(process.cwd(), folder) || '.');
        if (past !== undefined)
          for (const finding of fixed)
            output.line(`${output.style.ok('fixed')} ${finding.id} ${finding.rule} ${finding.title}`);
        if (tests.length > 0)
          output.line(
            `${tests.length} regression ${tests.length === 1 ? 'test' : 'tests'} written to ${regressionTestFolder}/`,
          );
      }
      if (!shown.passed) process.exitCode = exitCodes.gateFailed;
    });
}

async function pastFindings(file: string): Promise<AuditFinding[]> {
  let run: { findings?: AuditFinding[] };
  try {
    run = JSON.parse(await readFile(file, 'utf8')) as { findings?: AuditFinding[] };
  } catch {
    throw new KeelError('KEEL_AUDIT_NO_PAST_FINDINGS', `${file} cannot be read`);
  }
  if (!Array.isArray(run.findings) || run.findings.length === 0)
    throw new KeelError('KEEL_AUDIT_NO_PAST_FINDINGS', `${file} records no findings`);
  return run.findings;
}

function parseRun(text: string | undefined): AuditRun | undefined {
  return text === undefined ? undefined : (JSON.parse(text) as AuditRun);
}

function printRun(output: Output, run: AuditRun, folder: string): void {
  const { style } = output;
  for (const finding of run.findings) {
    const label =
      finding.severity === 'critical' || finding.severity === 'high'
        ? style.bad(finding.severity)
        : finding.severity === 'medium'
          ? style.warn(finding.severity)
          : style.dim(finding.severity);
    output.line(`${label} ${finding.category} ${finding.rule} ${style.dim(finding.id)}`);
    output.line(`  ${finding.operationId === undefined ? '' : `${finding.operationId}: `}${finding.title}`);
    if (finding.curl !== undefined) output.line(`  ${style.dim('reproduce:')} ${finding.curl}`);
    output.line(`  ${style.dim('fix:')} ${finding.fix}`);
  }
  for (const note of run.notes) output.line(`${style.dim('note')} ${note}`);
  const counts = ['critical', 'high', 'medium', 'low']
    .map((severity) => `${run.findings.filter((finding) => finding.severity === severity).length} ${severity}`)
    .join(', ');
  output.line(
    `${run.passed ? style.ok('audit passed') : style.bad('audit failed')}  ${counts}; ${run.requests} requests in ${(run.durationMs / 1000).toFixed(1)} s  ${style.dim(`report: ${folder}/report.md`)}`,
  );
}
