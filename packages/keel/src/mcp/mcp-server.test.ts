import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { stages } from '../journey/registry.ts';
import { stageRules } from '../journey/run-gate.ts';

// The real SDK client, over a real stdio connection to `keel mcp`, on a copy of the flagship.
const bin = fileURLToPath(new URL('../cli/bin.ts', import.meta.url));
const flagship = fileURLToPath(new URL('../../../../examples/bookings/', import.meta.url));

let work: string;
let project: string;
let client: Client;
let stderr = '';

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'keel-mcp-'));
  project = join(work, 'bookings');
  await cp(flagship, project, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|\.keel)([/\\]|$)/.test(source),
  });
  // Two queries on few rows, so that explaining them stays quick: one served by an index, one that is not.
  await writeFile(
    join(project, 'queries.yaml'),
    [
      'queries:',
      '  - name: resources-of-organisation',
      '    operation: listResources',
      '    sql: select * from resources where org_id = $1 order by created_at, id limit $2',
      '    params: [sample, 21]',
      '    page: true',
      '  - name: resources-by-name',
      '    sql: select * from resources where name = $1',
      '    params: [sample]',
      'seed:',
      '  rows: 1500',
      '',
    ].join('\n'),
  );
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, 'mcp', project],
    env: { ...process.env, NO_COLOR: '1' },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  client = new Client({ name: 'keel-test', version: '1.0.0' });
  await client.connect(transport);
});

after(async () => {
  await client.close();
  await rm(work, { recursive: true, force: true });
});

async function call(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args }, undefined, { timeout: 180_000 })) as CallToolResult;
}

function structured(result: CallToolResult): Record<string, unknown> {
  assert.ok(result.structuredContent !== undefined, JSON.stringify(result.content));
  return result.structuredContent;
}

function errorCode(result: CallToolResult): unknown {
  assert.equal(result.isError, true, JSON.stringify(result.content));
  const [first] = result.content;
  assert.ok(first?.type === 'text');
  const value = JSON.parse(first.text) as { ok: boolean; error: { code?: unknown; fix?: unknown } };
  assert.equal(value.ok, false);
  assert.equal(typeof value.error.fix, 'string');
  return value.error.code;
}

test('the server lists every tool and the artifacts, evidence and playbooks as resources', async () => {
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((tool) => tool.name).sort(), [
    'check',
    'contract_diff',
    'explain_query',
    'playbook',
    'run_audit',
    'run_tests',
    'status',
    'trace',
  ]);
  for (const tool of tools) assert.equal(tool.inputSchema.type, 'object', tool.name);
  const check = tools.find((tool) => tool.name === 'check');
  assert.deepEqual(check?.outputSchema?.required, ['ok', 'keelVersion', 'stages', 'findings']);
  const { resources } = await client.listResources();
  const uris = resources.map((resource) => resource.uri);
  for (const uri of ['keel://artifact/requirements.yaml', 'keel://artifact/openapi.yaml', 'keel://playbook/model']) {
    assert.ok(uris.includes(uri), `${uri} in ${uris.join(', ')}`);
  }
  assert.ok(uris.some((uri) => /^keel:\/\/artifact\/migrations\/0001_.*\.sql$/.test(uri)));
  const { resourceTemplates } = await client.listResourceTemplates();
  assert.ok(resourceTemplates.some((template) => template.uriTemplate === 'keel://evidence/{stage}'));
});

test('status: nine stages and a next step; check: findings with rule, severity, file, line and fix, and progress', async () => {
  const status = structured(await call('status'));
  assert.equal((status['stages'] as unknown[]).length, 9);
  assert.ok('next' in status);

  const progress: string[] = [];
  const passed = (await client.callTool({ name: 'check', arguments: { stages: ['requirements'] } }, undefined, {
    timeout: 180_000,
    onprogress: (notification) => progress.push(notification.message ?? ''),
  })) as CallToolResult;
  assert.equal(structured(passed)['ok'], true, JSON.stringify(passed.structuredContent));
  // The last notification ('done') may lose the race with the result, which the SDK's client settles first.
  assert.equal(progress[0], 'checking requirements');
  const evidence = await client.readResource({ uri: 'keel://evidence/requirements' });
  const text = evidence.contents[0] !== undefined && 'text' in evidence.contents[0] ? evidence.contents[0].text : '';
  assert.equal((JSON.parse(text) as { result: string }).result, 'passed');

  const requirements = join(project, 'requirements.yaml');
  const original = await readFile(requirements, 'utf8');
  await writeFile(requirements, original.replace(/^(\s+)actor: .*$/m, '$1actor: nobody-declared'));
  try {
    const failed = structured(await call('check', { stages: ['requirements'] }));
    assert.equal(failed['ok'], false);
    const findings = failed['findings'] as Record<string, unknown>[];
    const finding = findings.find((candidate) => candidate['severity'] === 'error');
    assert.ok(finding !== undefined, JSON.stringify(findings));
    assert.equal(finding['file'], 'requirements.yaml');
    assert.equal(typeof finding['line'], 'number');
    assert.match(String(finding['rule']), /^requirements\//);
    assert.ok(String(finding['fix']).length > 0);
  } finally {
    await writeFile(requirements, original);
  }
});

test('errors are tool results with Keel codes, never crashes', async () => {
  assert.equal(errorCode(await call('check', { stages: ['requirements', 'deployment'] })), 'KEEL_UNKNOWN_STAGE');
  assert.equal(errorCode(await call('trace', { id: 'R-NOPE-99' })), 'KEEL_TRACE_UNKNOWN_ID');
  assert.equal(errorCode(await call('playbook', { name: 'deploy' })), 'KEEL_PLAYBOOK_UNKNOWN');
  assert.equal(errorCode(await call('explain_query', { query: 'no-such-query' })), 'KEEL_QUERY_UNKNOWN');
  assert.equal(errorCode(await call('contract_diff', { base: 'missing.yaml' })), 'KEEL_FILE_NOT_FOUND');
  // A stage whose gate this Keel does not have yet answers KEEL_STAGE_NOT_AVAILABLE; once it has, the tool runs it.
  for (const [tool, stage] of [
    ['run_tests', 'tests'],
    ['run_audit', 'security'],
  ] as const) {
    if (stages.some((candidate) => candidate.id === stage)) continue;
    assert.equal(errorCode(await call(tool)), 'KEEL_STAGE_NOT_AVAILABLE', tool);
  }
  // The SDK validates the input's shape before Keel sees it.
  const malformed = await call('check', { stages: 'requirements' });
  assert.equal(malformed.isError, true);
  await assert.rejects(client.readResource({ uri: 'keel://artifact/../../../etc/passwd' }), /not an artifact/);
  assert.doesNotMatch(stderr, /Error:/);
});

test('trace, contract diff and playbook answer from the project', async () => {
  const trace = structured(await call('trace', { id: 'R-BOOK-1' }));
  assert.equal(trace['id'], 'R-BOOK-1');
  assert.ok((trace['downstream'] as unknown[]).length > 0);

  const contract = await readFile(join(project, 'openapi.yaml'), 'utf8');
  const withExtraOperation = contract.replace(
    /^paths:\n/m,
    'paths:\n  /retired:\n    get:\n      operationId: retired\n      responses:\n        "204":\n          description: gone\n',
  );
  assert.notEqual(withExtraOperation, contract);
  await writeFile(join(project, 'old-openapi.yaml'), withExtraOperation); // beside it, for its relative $refs
  const diff = structured(await call('contract_diff', { base: 'old-openapi.yaml' }));
  assert.equal(diff['ok'], false);
  assert.ok((diff['counts'] as { breaking: number }).breaking >= 1);

  const playbook = structured(await call('playbook', { name: 'model' }));
  assert.match(String(playbook['markdown']), /`keel check model`/);
  const model = stages.find((stage) => stage.id === 'model');
  assert.ok(model !== undefined);
  for (const rule of stageRules(model).filter((candidate) => !candidate.id.endsWith('/missing-artifact'))) {
    assert.ok(String(playbook['markdown']).includes(rule.id), rule.id);
  }
});

test('explain_query explains a declared query on a seeded scratch database, with progress', async () => {
  const progress: string[] = [];
  const result = (await client.callTool({ name: 'explain_query', arguments: {} }, undefined, {
    timeout: 180_000,
    resetTimeoutOnProgress: true,
    onprogress: (notification) => progress.push(notification.message ?? ''),
  })) as CallToolResult;
  const queries = structured(result)['queries'] as {
    name: string;
    usesIndexes: boolean;
    plan?: string;
    problems: { suggestedIndex: string }[];
  }[];
  const byName = new Map(queries.map((query) => [query.name, query]));
  assert.equal(byName.get('resources-of-organisation')?.usesIndexes, true, JSON.stringify(queries));
  assert.match(byName.get('resources-of-organisation')?.plan ?? '', /Index/);
  const unindexed = byName.get('resources-by-name');
  assert.equal(unindexed?.usesIndexes, false, JSON.stringify(queries));
  assert.match(unindexed.problems[0]?.suggestedIndex ?? '', /create index concurrently .* on resources \(name\)/);
  assert.ok(progress.includes('seed done'), progress.join(', '));
});
