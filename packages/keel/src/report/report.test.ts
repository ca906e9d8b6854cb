import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { accessMatrix } from '../access/access-matrix.ts';
import { accessStage } from '../access/access-stage.ts';
import { architectureDiagram } from '../architecture/architecture-diagram.ts';
import { architectureStage } from '../architecture/architecture-stage.ts';
import { runKeel } from '../cli/run-keel.ts';
import { isKeelError } from '../errors/index.ts';
import { createCheckContext } from '../journey/check-context.ts';
import { evidenceDigest, evidencePath, type Evidence } from '../journey/evidence.ts';
import type { Finding } from '../journey/finding.ts';
import { hashInputs } from '../journey/input-files.ts';
import { findStage, stages } from '../journey/registry.ts';
import { stageRules, type AppliedOverride } from '../journey/run-gate.ts';
import { stageIds, type StageId } from '../journey/stage-id.ts';
import { loadProject, type Project } from '../project/index.ts';
import { writeReport } from './write-report.ts';

const flagship = fileURLToPath(new URL('../../../../examples/bookings/', import.meta.url));
const chromiumPath = '/usr/bin/chromium';
const browserSkip =
  !existsSync(chromiumPath) && process.env['CI'] === undefined
    ? `${chromiumPath} is not installed (CI installs it; locally: apt-get install chromium)`
    : false;

/** Text from artifacts and evidence that would run a script if the report wrote it as markup. */
const hostile = {
  message: '<script>window.__xss = "finding"</script> another tenant read booking 7',
  file: '"><img src=x onerror="window.__xss=\'file\'">.ts',
  fix: '<a href="https://example.com/steal">click</a> to fix',
  heading: '<img src=x onerror="window.__xss=\'plan\'">',
};

function finding(stage: StageId, severity: Finding['severity'], rule: string): Finding {
  return {
    rule,
    stage,
    severity,
    message: hostile.message,
    fix: hostile.fix,
    location: { file: hostile.file, line: 3, column: 7 },
  };
}

/** Writes evidence as a gate would, hashing the stage's inputs as they are, so the stage shows as current. */
async function record(
  project: Project,
  stage: StageId,
  recorded: Map<StageId, Evidence>,
  findings: readonly Finding[],
  outputs: Readonly<Record<string, string>> = {},
): Promise<void> {
  const gate = findStage(stage);
  const inputs = gate === undefined ? {} : await hashInputs(project.root, gate.inputs(project));
  // The flagship's keel.yaml re-levels some rules: the evidence records them as a gate would.
  const ids = new Set(gate === undefined ? [] : stageRules(gate).map((rule) => rule.id));
  const overrides: AppliedOverride[] = Object.entries(project.config.rules)
    .filter(([rule]) => ids.has(rule))
    .map(([rule, override]) => ({ rule, ...override }));
  const upstream: Partial<Record<StageId, string>> = {};
  for (const id of gate?.dependsOn ?? []) {
    const digest = recorded.get(id)?.digest;
    if (digest !== undefined) upstream[id] = digest;
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const entry of findings) counts[entry.severity] += 1;
  const evidence: Evidence = {
    format: 1,
    stage,
    result: counts.error > 0 ? 'failed' : 'passed',
    keelVersion: '0.1.0',
    commit: { sha: 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed', dirty: false },
    checkedAt: '2026-11-24T12:00:00.000Z',
    durationMs: 1234,
    inputs,
    digest: evidenceDigest(inputs, overrides),
    upstream,
    counts,
    overrides,
    findings,
    outputs,
  };
  recorded.set(stage, evidence);
  await mkdir(project.paths.evidence, { recursive: true });
  await writeFile(evidencePath(project, stage), JSON.stringify(evidence));
}

/** What the test reads in the browser (as a string: the project's TypeScript has no DOM types). */
const inspectPage = `(() => ({
  hrefs: [...document.querySelectorAll('a[href]')].map((anchor) => anchor.getAttribute('href') ?? ''),
  unresolved: [...document.querySelectorAll('a[href^="#"]')]
    .map((anchor) => (anchor.getAttribute('href') ?? '').slice(1))
    .filter((id) => document.getElementById(id) === null),
  scripts: document.scripts.length,
  xss: window.__xss ?? null,
  sections: [...document.querySelectorAll('main section[id]')].map((section) => section.id),
  security: document.getElementById('stage-security')?.textContent ?? '',
  overview: document.getElementById('overview')?.textContent ?? '',
  diagramNodes: document.querySelectorAll('#stage-architecture svg .node').length,
}))()`;

interface PageFacts {
  readonly hrefs: string[];
  readonly unresolved: string[];
  readonly scripts: number;
  readonly xss: unknown;
  readonly sections: string[];
  readonly security: string;
  readonly overview: string;
  readonly diagramNodes: number;
}

/** Every `href="#…"` of a page whose anchor no element defines. */
function brokenAnchors(page: string): string[] {
  const ids = new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]));
  return [...page.matchAll(/href="#([^"]*)"/g)].map((match) => match[1] ?? '').filter((anchor) => !ids.has(anchor));
}

describe('the journey report', () => {
  let work: string;
  let project: Project;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'keel-report-'));
    const root = join(work, 'bookings');
    await cp(flagship, root, {
      recursive: true,
      filter: (source) => !/[/\\](node_modules|\.keel)([/\\]|$)/.test(source),
    });
    project = await loadProject(root);
  });
  after(() => rm(work, { recursive: true, force: true }));

  test('before any gate ran, each stage says it has not run, and no link points nowhere', async () => {
    const page = await readFile(await writeReport(project, stages), 'utf8');
    const text = page.replace(/\s+/g, ' ');
    assert.equal((page.match(/<section id="stage-/g) ?? []).length, 9);
    // Stages are being added: what has a gate in this Keel says it has not run, the others that they have no gate yet.
    assert.equal((text.match(/Not run yet/g) ?? []).length, stages.length);
    assert.equal((text.match(/Not run: Keel \S+ has no gate for this stage yet/g) ?? []).length, 9 - stages.length);
    // The artifacts alone give the traceability matrix and the contract summary.
    assert.match(page, /<tr\s+id="req-R-BOOK-1"/);
    assert.match(page, /<tr\s+id="op-createBooking"/);
    assert.deepEqual(brokenAnchors(page), []);
  });

  test('the contract section shows the changes since the last release', async () => {
    const release = join(project.root, 'releases', '0.9.0', 'contract');
    await mkdir(release, { recursive: true });
    await cp(join(project.root, 'schemas'), join(release, 'schemas'), { recursive: true });
    const contract = parseYaml(await readFile(join(project.root, 'openapi.yaml'), 'utf8')) as {
      paths: Record<string, unknown>;
    };
    // The release lacked the first path: the head adds its operations.
    const [removed, ...kept] = Object.entries(contract.paths);
    assert.ok(removed !== undefined);
    await writeFile(join(release, 'openapi.yaml'), stringifyYaml({ ...contract, paths: Object.fromEntries(kept) }));
    try {
      const page = (await readFile(await writeReport(project, stages), 'utf8')).replace(/\s+/g, ' ');
      assert.match(page, /Since release <code>0\.9\.0<\/code>: 0 breaking, 0 possibly breaking, [1-9]\d* non-breaking/);
      const diff = page.slice(page.indexOf('id="contract-diff"'), page.indexOf('id="stage-model"'));
      assert.ok(diff.includes(removed[0]), `the added ${removed[0]} is listed`);
    } finally {
      await rm(join(project.root, 'releases'), { recursive: true, force: true });
    }
  });

  test('a report made from the same evidence and artifacts is kept; a change to either writes it again', async () => {
    const path = await writeReport(project, stages);
    const marked = `${await readFile(path, 'utf8')}<!-- kept -->`;
    await writeFile(path, marked);
    await writeReport(project, stages);
    assert.equal(await readFile(path, 'utf8'), marked, 'nothing changed: the page stays');
    await writeReport(project, stages, { force: true });
    assert.doesNotMatch(await readFile(path, 'utf8'), /<!-- kept -->/);

    await writeFile(path, marked);
    await mkdir(project.paths.evidence, { recursive: true });
    await writeFile(evidencePath(project, 'review'), '{}');
    await writeReport(project, stages);
    assert.doesNotMatch(await readFile(path, 'utf8'), /<!-- kept -->/, 'evidence changed');
    await rm(evidencePath(project, 'review'));

    await writeFile(path, marked);
    const requirements = join(project.root, 'requirements.yaml');
    const original = await readFile(requirements, 'utf8');
    await writeFile(requirements, `${original}\n# edited\n`);
    await writeReport(project, stages);
    assert.doesNotMatch(await readFile(path, 'utf8'), /<!-- kept -->/, 'an artifact changed');
    await writeFile(requirements, original);
  });

  test(
    'with evidence, the report renders every section in Chromium offline: no script, no request, no broken link',
    { skip: browserSkip },
    async () => {
      const context = createCheckContext(project);
      const architecture = await context.model(architectureStage);
      const access = await context.model(accessStage);
      assert.ok(architecture !== undefined && access !== undefined);
      const recorded = new Map<StageId, Evidence>();
      await record(project, 'requirements', recorded, []);
      await record(project, 'architecture', recorded, [], {
        'architecture.mmd': `${architectureDiagram(architecture)}  z9["<b>evil</b><br/></text><script>window.__xss=1</script>"] --> m0\n`,
      });
      await record(project, 'contract', recorded, [finding('contract', 'error', 'contract/versioning')]);
      await record(project, 'model', recorded, [finding('model', 'warning', 'model/down-loses-data')], {
        'query-plans.md': `# Query plans\n\n## bookings-of-organisation (listBookings): uses indexes\n\n\`\`\`sql\nselect * from bookings where org_id = $1\n\`\`\`\n\n## ${hostile.heading}: needs an index\n\n\`\`\`\nSeq Scan on bookings\n\`\`\`\n`,
      });
      await record(project, 'access', recorded, [], { 'access-matrix.md': accessMatrix(access) });
      await record(project, 'tests', recorded, [finding('tests', 'info', 'tests/mutation-survivor')], {
        'mutation.md': `# Mutation score\n\n**81 %** of 412 mutants killed. <script>window.__xss = "output"</script>\n`,
        // A later stage's identifiers join the traceability matrix through its evidence.
        'trace.json': JSON.stringify([
          {
            id: 'test/bookings.test.ts#overlap',
            kind: 'test',
            stage: 'tests',
            title: 'overlapping bookings are refused',
            at: { file: 'test/bookings.test.ts', line: 12 },
            links: [{ to: 'AC-BOOK-1-2', relation: 'verifies', inverse: 'verified by' }],
          },
          { id: 'not a node' },
        ]),
      });
      await record(project, 'security', recorded, [finding('security', 'error', 'security/bola')]);

      const path = await writeReport(project, stages);
      const page = await readFile(path, 'utf8');
      assert.deepEqual(brokenAnchors(page), []);
      assert.doesNotMatch(page, /<script|<img|onerror="/i);
      const bookingRow = /<tr\s+id="req-R-BOOK-1".*?<\/tr>/s.exec(page)?.[0].replace(/\s+/g, ' ') ?? '';
      assert.match(bookingRow, /1 \(1 of \d+ criteria\)/);
      assert.doesNotMatch(page, /trace\.json/);

      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      const shots = await mkdtemp(join(tmpdir(), 'keel-report-shots-'));
      try {
        const browserContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const url = pathToFileURL(path).href;
        const requests: string[] = [];
        await browserContext.route('**/*', async (route) => {
          const requested = route.request().url();
          if (requested === url) return route.continue();
          requests.push(requested);
          return route.abort();
        });
        const tab = await browserContext.newPage();
        const problems: string[] = [];
        tab.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') problems.push(`console: ${message.text()}`);
        });
        tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        tab.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
        await tab.goto(url, { waitUntil: 'load' });

        const found = await tab.evaluate<PageFacts>(inspectPage);
        assert.deepEqual(problems, []);
        assert.deepEqual(requests, [], 'the report requests nothing');
        assert.deepEqual(found.unresolved, []);
        assert.deepEqual(
          found.hrefs.filter((href) => !href.startsWith('#')),
          [],
          'every link stays on the page',
        );
        assert.ok(found.hrefs.length > 50, `${found.hrefs.length} links`);
        assert.equal(found.scripts, 0);
        assert.equal(found.xss, null);
        assert.deepEqual(found.sections, [
          'overview',
          'traceability',
          ...['requirements', 'architecture', 'contract', 'model', 'access', 'review', 'tests', 'security', 'ship'].map(
            (stage) => `stage-${stage}`,
          ),
        ]);
        // Hostile text is shown as the text it is.
        assert.ok(found.security.includes(hostile.message), found.security.slice(0, 400));
        assert.ok(found.security.includes(hostile.file));
        assert.match(found.overview, /requirements\s*passing/);
        assert.match(found.overview, /API contract\s*failing/);
        const unavailable = stageIds.find((id) => findStage(id) === undefined);
        if (unavailable !== undefined) {
          assert.match(found.overview, new RegExp(`${unavailable}\\s*not in this version`));
        }
        assert.equal(found.diagramNodes, architecture.modules.length + architecture.externalSystems.length + 1);

        // A link of the matrix leads to its target.
        await tab.click('#req-R-BOOK-1 a[href="#op-createBooking"]');
        assert.equal(new URL(tab.url()).hash, '#op-createBooking');

        for (const id of found.sections) {
          const file = join(shots, `${id}.png`);
          await tab.locator(`#${id}`).screenshot({ path: file });
          assert.ok((await stat(file)).size > 2000, `${id} screenshot`);
        }
      } finally {
        await browser.close();
        await rm(shots, { recursive: true, force: true });
      }
    },
  );

  test('keel report writes the report where asked, and says so in JSON; an unwritable place changes nothing', async () => {
    const out = join(work, 'out', 'report.html');
    const written = await runKeel(['report', project.root, '--out', out, '--json']);
    assert.equal(written.code, 0, written.stderr);
    assert.equal((JSON.parse(written.stdout) as { report: string }).report, out);
    assert.match(await readFile(out, 'utf8'), /^<!doctype html>/);

    const blocked = join(out, 'inside.html');
    await assert.rejects(writeReport(project, stages, { path: blocked }), (error: unknown) => {
      assert.ok(isKeelError(error));
      assert.equal(error.code, 'KEEL_REPORT_NOT_WRITTEN');
      return true;
    });
    assert.equal(existsSync(blocked), false);
    assert.match(await readFile(out, 'utf8'), /^<!doctype html>/);
  });
});
