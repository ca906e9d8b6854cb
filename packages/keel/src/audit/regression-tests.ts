import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accessStage } from '../access/access-stage.ts';
import { loadContract } from '../contract/index.ts';
import { createCheckContext } from '../journey/check-context.ts';
import { loadProject, type Project } from '../project/index.ts';
import type { AuditFinding } from './audit-finding.ts';
import { runAudit } from './run-audit.ts';

/** Where `keel audit` writes one regression test per finding, relative to the project root. */
export const regressionTestFolder = 'test/security';

/**
 * Writes a node:test file per finding into the project (`test/security/SEC-….test.ts`) that re-runs the finding's probe
 * on a scratch world and fails while the hole is open. Existing files are kept. Returns the paths written.
 */
export async function writeRegressionTests(project: Project, findings: readonly AuditFinding[]): Promise<string[]> {
  const folder = join(project.root, regressionTestFolder);
  const written: string[] = [];
  for (const finding of findings) {
    const file = join(folder, `${finding.id}.test.ts`);
    if (existsSync(file)) continue;
    await mkdir(folder, { recursive: true });
    await writeFile(file, regressionTest(finding));
    written.push(relative(project.root, file));
  }
  return written;
}

function regressionTest(finding: AuditFinding): string {
  const name = `${finding.id}: ${finding.category} ${finding.rule}${finding.operationId === undefined ? '' : ` on ${finding.operationId}`}`;
  return `// Written by \`keel audit\` for ${finding.id}; keep it: it fails while the hole is open and guards it once fixed.
// ${finding.title.replaceAll('\n', ' ')}
// Reproduce: ${(finding.curl ?? 'see the audit report').replaceAll('\n', ' ')}
// Fix: ${finding.fix}
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyAuditFindings } from 'keel';

test(${JSON.stringify(name)}, async () => {
  const open = await verifyAuditFindings(new URL('../..', import.meta.url), [
    { id: ${JSON.stringify(finding.id)}, rule: ${JSON.stringify(finding.rule)} },
  ]);
  assert.deepEqual(
    open.map((finding) => \`\${finding.id} \${finding.title}\`),
    [],
    'the security hole is still open',
  );
});
`;
}

/**
 * Re-runs the probes of past findings on a fresh scratch world and returns those still open. Regression tests and
 * `keel audit --verify` use it; under `keel test --database`, the scratch database goes to that server.
 */
export async function verifyAuditFindings(
  dir: string | URL,
  past: readonly { readonly id: string; readonly rule: string }[],
  options: { readonly databaseUrl?: string; readonly seed?: number } = {},
): Promise<AuditFinding[]> {
  const project = await loadProject(typeof dir === 'string' ? dir : fileURLToPath(dir));
  const contract = await loadContract(project.paths.contract, project.root);
  const access = await createCheckContext(project).model(accessStage);
  const databaseUrl =
    options.databaseUrl ??
    (process.env['KEEL_TEST_DATABASES'] === 'postgres' ? process.env['KEEL_TEST_POSTGRES_URL'] : undefined);
  const rules = new Set(past.map((finding) => finding.rule));
  const run = await runAudit(project, contract, access, {
    seed: options.seed ?? 1,
    databaseUrl,
    only: rules,
    skipStatic: ![...rules].some((rule) => /secret|dependency|setting/.test(rule)),
  });
  const ids = new Set(past.map((finding) => finding.id));
  return run.findings.filter((finding) => ids.has(finding.id));
}
