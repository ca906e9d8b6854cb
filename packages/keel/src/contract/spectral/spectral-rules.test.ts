import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runGates } from '../../journey/run-gate.ts';
import { loadProject } from '../../project/index.ts';
import { contractStage } from '../contract-stage.ts';
import { keelRuleIdOf, spectralRuleDeclarations } from './spectral-rules.ts';

const severities = ['error', 'warning', 'info', 'info'] as const;

test('the declared Spectral rules are exactly the installed rulesets’ rules that apply to OpenAPI 3.1', async () => {
  const [core, rulesets, owasp, formats] = await Promise.all([
    import('@stoplight/spectral-core'),
    import('@stoplight/spectral-rulesets'),
    import('@stoplight/spectral-owasp-ruleset'),
    import('@stoplight/spectral-formats'),
  ]);
  const installed: string[] = [];
  for (const [ruleset, definition] of [
    ['oas', rulesets.oas],
    ['owasp', owasp.default],
  ] as const) {
    const loaded = new core.Ruleset({ extends: [[definition, 'recommended']] });
    for (const rule of Object.values(loaded.rules)) {
      const ruleFormats = rule.formats === null ? null : [...rule.formats];
      const applies =
        ruleFormats === null || ruleFormats.includes(formats.oas3_1) || ruleFormats.includes(formats.oas3);
      if (!rule.enabled || !applies) continue;
      installed.push(`${ruleset} ${rule.name} ${severities[rule.severity as number] ?? 'info'}`);
    }
  }
  assert.deepEqual(
    spectralRuleDeclarations.map((rule) => `${rule.ruleset} ${rule.code} ${rule.severity}`),
    installed,
    'update spectral-rules.ts (and docs/contract.md) to match the installed rulesets',
  );
});

test('Spectral codes become rule ids of the form <stage>/<kebab-name>', () => {
  assert.equal(keelRuleIdOf('operation-description', 'oas'), 'contract/oas-operation-description');
  assert.equal(keelRuleIdOf('owasp:api4:2023-string-limit', 'owasp'), 'contract/owasp-api4-2023-string-limit');
  assert.equal(keelRuleIdOf('oas3_1-servers-in-webhook', 'oas'), 'contract/oas-oas3-1-servers-in-webhook');
  const ids = spectralRuleDeclarations.map((rule) => keelRuleIdOf(rule.code, rule.ruleset));
  for (const id of ids) assert.match(id, /^[a-z]+\/[a-z0-9-]+$/);
  assert.equal(new Set(ids).size, ids.length, 'no two Spectral rules share an id');
});

test('keel.yaml re-levels a Spectral rule like any other, with its reason', async () => {
  const fixtures = new URL('../fixtures/stage/', import.meta.url);
  const dir = await mkdtemp(join(tmpdir(), 'keel-spectral-override-'));
  try {
    await cp(fileURLToPath(new URL('./good/', fixtures)), dir, { recursive: true });
    await cp(fileURLToPath(new URL('./oas-operation-description/', fixtures)), dir, { recursive: true });
    await writeFile(
      join(dir, 'keel.yaml'),
      'rules:\n  contract/oas-operation-description:\n    severity: info\n    reason: Summaries say enough for this internal API.\n',
    );
    const [result] = await runGates(await loadProject(dir), [contractStage]);
    const finding = result?.findings.find((each) => each.rule === 'contract/oas-operation-description');
    assert.equal(finding?.severity, 'info');
    assert.deepEqual(finding.override, { from: 'warning', reason: 'Summaries say enough for this internal API.' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
