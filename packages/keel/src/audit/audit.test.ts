import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { before, describe, test } from 'node:test';
import { accessStage } from '../access/access-stage.ts';
import { runKeel } from '../cli/run-keel.ts';
import { loadContract } from '../contract/index.ts';
import { createCheckContext } from '../journey/check-context.ts';
import { loadProject, type Project } from '../project/index.ts';
import { findingId, type AuditFinding } from './audit-finding.ts';
import { auditRules } from './audit-rules.ts';
import { AuditSession, type AuditWorld } from './audit-session.ts';
import { withScratchWorld } from './audit-world.ts';
import { decodeToken } from './probes/jwt-forgeries.ts';
import { probeStatic } from './probes/static.ts';
import { writeRegressionTests } from './regression-tests.ts';
import { auditMarkdown, auditSarif } from './render-audit.ts';
import { auditWorld, type AuditRun, type AuditSettings } from './run-audit.ts';
import type { Transport } from './transport.ts';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const vulnerableDir = join(fixtures, 'vulnerable');
const tenantsDir = new URL('../runtime/fixtures/tenants/', import.meta.url).pathname;
const widgetsDir = new URL('../runtime/fixtures/widgets/', import.meta.url).pathname;

async function audit(
  dir: string,
  settings: Omit<AuditSettings, 'seed' | 'databaseUrl'>,
  front?: (world: AuditWorld) => Transport,
) {
  const project = await loadProject(dir);
  const contract = await loadContract(project.paths.contract, project.root);
  const access = await createCheckContext(project).model(accessStage);
  const full = { seed: 1, databaseUrl: undefined, skipStatic: true, ...settings };
  return withScratchWorld(project, contract, access, full, (world) =>
    auditWorld(project, front === undefined ? world : { ...world, transport: front(world) }, full, 'in-process'),
  );
}

/**
 * A misconfigured server in front of the app, for the holes Keel's runtime cannot have: a debug route off the contract,
 * CORS that reflects any Origin with credentials, a verifier that trusts `alg: none`, and list results that carry each
 * item's password hash.
 */
function misconfiguredFront(world: AuditWorld): Transport {
  return {
    baseUrl: world.transport.baseUrl,
    async send(request) {
      const origin = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === 'origin')?.[1];
      const cors =
        origin === undefined
          ? {}
          : { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' };
      if (request.method === 'GET' && request.url === '/debug')
        return {
          status: 200,
          headers: { 'content-type': 'application/json', ...cors },
          body: '{"env":{}}',
          timedOut: false,
          ms: 1,
        };
      let headers = request.headers;
      const token = headers?.['authorization']?.split(' ')[1];
      const decoded = token === undefined ? undefined : decodeToken(token);
      if (decoded !== undefined && String(decoded.header['alg']).toLowerCase() === 'none') {
        const owner = world.principals.principals.find((principal) => principal.subject === decoded.payload['sub']);
        headers = { ...headers, ...owner?.headers };
      }
      const response = await world.transport.send({ ...request, ...(headers === undefined ? {} : { headers }) });
      const body = /\/items(\?|$)/.test(request.url)
        ? response.body.replaceAll('"name":', '"passwordHash":"$scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA","name":')
        : response.body;
      return { ...response, body, headers: { ...response.headers, ...cors } };
    },
  };
}

const rulesOf = (findings: readonly AuditFinding[]) => new Set(findings.map((finding) => finding.rule));

describe('keel audit on a backend with one planted hole per category', () => {
  let run: AuditRun;
  before(async () => {
    run = await audit(vulnerableDir, {}, misconfiguredFront);
  });

  const expected: readonly [string, string, string][] = [
    ['security/cross-tenant-object', 'API1', 'getItem'],
    ['security/list-leaks-other-tenant', 'API1', 'listItems'],
    ['security/cross-user-object', 'API1', 'updateItem'],
    ['security/forged-token-accepted', 'API2', 'whoAmI'],
    ['security/mass-assignment', 'API3', 'createItem'],
    ['security/excessive-data-exposure', 'API3', 'listItems'],
    ['security/burst-not-throttled', 'API4', 'whoAmI'],
    ['security/ssrf-outbound-call', 'API7', 'createItem'],
    ['security/ssrf-url-accepted', 'API7', 'createItem'],
    ['security/cors-hostile-origin', 'API8', 'whoAmI'],
    ['security/error-leaks-internals', 'API8', 'searchItems'],
    ['security/undocumented-route', 'API9', ''],
    ['security/injection', 'injection', 'searchItems'],
  ];
  for (const [rule, category, operationId] of expected) {
    test(`${rule} finds its planted hole, as ${category}`, () => {
      const finding = run.findings.find((candidate) => candidate.rule === rule);
      assert.ok(finding, `no ${rule} finding among ${[...rulesOf(run.findings)].join(', ')}`);
      assert.equal(finding.category, category);
      assert.equal(finding.operationId ?? '', operationId);
      if (finding.evidence !== undefined) {
        assert.ok(finding.curl?.startsWith('curl -i -X '), finding.curl);
        assert.doesNotMatch(
          JSON.stringify(finding.evidence.request.headers) + (finding.curl ?? ''),
          /eyJ[\w-]{20,}\.eyJ[\w-]{20,}\.[\w-]{20,}/,
        );
      }
    });
  }

  test('the alg-none variants are what the planted verifier accepts, and nothing signed is', () => {
    const forged = run.findings
      .filter((finding) => finding.rule === 'security/forged-token-accepted')
      .map((finding) => finding.variant);
    assert.ok(forged.includes('alg none') && forged.includes('alg nOnE'), forged.join(', '));
    assert.ok(!forged.some((variant) => /HS256|jwk|jku|expired|issuer/.test(variant)), forged.join(', '));
  });

  test('the gate fails, and the reports carry every finding', () => {
    assert.equal(run.passed, false);
    const markdown = auditMarkdown(run);
    for (const finding of run.findings) assert.ok(markdown.includes(finding.id));
    const sarif = JSON.parse(auditSarif(run, '0.0.0')) as { runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.runs[0]?.results.length, run.findings.length);
  });
});

describe('keel audit on the runtime’s clean fixtures', () => {
  test('tenants (row-level security, Keel’s verifier): the planted-hole families stay quiet', async () => {
    const quiet = auditRules
      .map((rule) => rule.id)
      .filter(
        (rule) =>
          !['security/burst-not-throttled', 'security/missing-security-headers', 'security/server-error'].includes(
            rule,
          ),
      );
    const run = await audit(tenantsDir, { only: new Set(quiet) });
    assert.deepEqual(
      run.findings.map((finding) => `${finding.rule} ${finding.operationId ?? ''}: ${finding.title}`),
      [],
    );
    assert.ok(run.requests > 100, `only ${run.requests} requests were sent`);
  });

  test('the widgets fixture (no access.yaml) answers only its deliberate fault with a 5xx', async () => {
    const run = await audit(widgetsDir, {});
    assert.deepEqual(
      run.findings
        .filter((finding) => finding.severity !== 'low')
        .map((finding) => `${finding.rule} ${finding.operationId ?? ''}`),
      ['security/server-error fault'],
    );
  });
});

describe('the static part', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'keel-audit-static-'));
  });

  test('a committed key and debug in production configuration are found; a clean tree is not', async () => {
    await mkdir(join(root, 'src'));
    await writeFile(join(root, 'src', 'clean.ts'), 'export const region = "eu-west-1";\n');
    const project = { root } as Project;
    const clean = new AuditSession(
      {} as AuditWorld,
      new Set(['security/secret-in-repository', 'security/dangerous-setting']),
    );
    await probeStatic(clean, project);
    assert.deepEqual(clean.findings, []);

    await writeFile(join(root, 'src', 'aws.ts'), `export const key = '${['AKIA', 'Q3EGRIT5ZLKDFJ2N'].join('')}';\n`);
    await writeFile(join(root, '.env.production'), 'DATABASE_POOL=10\nDEBUG=true\n');
    await writeFile(join(root, 'src', 'cors.ts'), 'export const cors = { origin: true, credentials: true };\n');
    const dirty = new AuditSession(
      {} as AuditWorld,
      new Set(['security/secret-in-repository', 'security/dangerous-setting']),
    );
    await probeStatic(dirty, project);
    const found = dirty.findings
      .map((finding) => `${finding.rule} ${finding.location.file}:${finding.location.line ?? ''}`)
      .sort();
    assert.deepEqual(found, [
      'security/dangerous-setting .env.production:2',
      'security/dangerous-setting src/cors.ts:1',
      'security/secret-in-repository src/aws.ts:1',
    ]);
    await rm(root, { recursive: true, force: true });
  });
});

describe('regression tests', () => {
  test('a written regression test fails while the hole is open', async () => {
    const root = await mkdtemp(join(tmpdir(), 'keel-audit-regression-'));
    try {
      await cp(vulnerableDir, root, { recursive: true });
      // The test resolves `keel` from the workspace, as a project that depends on it would.
      await mkdir(join(root, 'node_modules'));
      await symlink(new URL('../../', import.meta.url).pathname, join(root, 'node_modules', 'keel'), 'dir');
      await symlink(
        fileURLToPath(new URL('../../../../node_modules/kysely', import.meta.url)),
        join(root, 'node_modules', 'kysely'),
        'dir',
      );
      const project = await loadProject(root);
      // The finding as the audit reports it (the vulnerable fixture's cross-tenant read; the suite above proves it).
      const finding: AuditFinding = {
        id: findingId('security/cross-tenant-object', 'getItem', 'path'),
        rule: 'security/cross-tenant-object',
        category: 'API1',
        severity: 'critical',
        operationId: 'getItem',
        title: 'admin of tenant b reached an object of tenant a by its identifier (200)',
        fix: 'Scope the query by the tenant.',
        variant: 'path',
        evidence: undefined,
        curl: undefined,
        location: { file: 'openapi.yaml', line: 1 },
      };
      const [written] = await writeRegressionTests(project, [finding]);
      assert.equal(written, `test/security/${finding.id}.test.ts`);
      assert.deepEqual(await writeRegressionTests(project, [finding]), [], 'an existing test is kept');
      const text = await readFile(join(root, written), 'utf8');
      assert.match(text, /verifyAuditFindings/);
      // Outside this runner's context, so that the child reports and exits as `node --test` on its own does.
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_TEST_CONTEXT'));
      const outcome = await promisify(execFile)(process.execPath, ['--test', written], { cwd: root, env }).then(
        () => 'passed',
        (error: unknown) => String((error as { stdout?: string }).stdout),
      );
      assert.match(outcome, /the security hole is still open/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('keel audit on the command line', () => {
  test('--help, an unknown rule, a bad credentials file and --verify without a past audit', async () => {
    const [help, unknown, credentials, verify] = await Promise.all([
      runKeel(['audit', '--help']),
      runKeel(['audit', vulnerableDir, '--only', 'security/no-such-rule']),
      runKeel([
        'audit',
        vulnerableDir,
        '--target',
        'http://127.0.0.1:9',
        '--credentials',
        join(vulnerableDir, 'nope.yaml'),
      ]),
      runKeel(['audit', tenantsDir, '--verify']),
    ]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--target <url>/);
    assert.match(help.stdout, /--format <format>/);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /KEEL_USAGE: unknown audit rule security\/no-such-rule/);
    assert.equal(credentials.code, 2);
    assert.match(credentials.stderr, /KEEL_AUDIT_CREDENTIALS_INVALID/);
    assert.equal(verify.code, 2);
    assert.match(verify.stderr, /KEEL_AUDIT_NO_PAST_FINDINGS/);
  });
});
