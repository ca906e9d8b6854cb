import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { accessStage } from '../access/access-stage.ts';
import type { AccessModel } from '../access/index.ts';
import { loadContract, type Contract } from '../contract/index.ts';
import { createCheckContext } from '../journey/check-context.ts';
import { loadProject } from '../project/index.ts';
import type { KeelApp } from '../runtime/index.ts';
import { runConformance } from './conformance.ts';
import { jsonBodySchema } from './request-plan.ts';
import { ResponseChecker } from './response-check.ts';
import { runStateful } from './stateful.ts';
import type { TestPrincipal, TestPrincipals } from './suite-principals.ts';
import { SuiteContext, type GeneratedRuleId } from './suite-context.ts';

/**
 * Each generated check against a hand-written server of the shop's contract: quiet while the server behaves, and
 * firing on the one bug planted for it. Keel's runtime prevents most of these bugs, so a fake server is how to plant them.
 */
type Bug =
  | 'none'
  | 'no-405'
  | 'accepts-invalid'
  | 'ignores-credentials'
  | 'ignores-roles'
  | 'undeclared-status'
  | 'not-readable-at-once'
  | 'failed-create-leaks'
  | 'rejects-valid';

const shop = fileURLToPath(new URL('./fixtures/shop', import.meta.url));
const principal = (role: string, tenantLabel: 'a' | 'b' | undefined, token: string | undefined): TestPrincipal => ({
  role,
  tenantLabel,
  tenant:
    tenantLabel === undefined ? undefined : `0000000${tenantLabel === 'a' ? 'a' : 'b'}-0000-4000-8000-000000000000`,
  subject: token,
  scheme: token === undefined ? undefined : 'bearer',
  headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
});
const principals: TestPrincipals = {
  tenants: { a: '0000000a-0000-4000-8000-000000000000', b: '0000000b-0000-4000-8000-000000000000' },
  principals: [
    principal('visitor', undefined, undefined),
    principal('user', undefined, 'user'),
    ...(['a', 'b'] as const).flatMap((label) => [
      principal('member', label, `member-${label}`),
      principal('admin', label, `admin-${label}`),
    ]),
  ],
  unavailable: [],
};

/** The shop's contract served by hand: tokens name role and tenant (`admin-a`), items live in a Map. */
function fakeShop(contract: Contract, bug: Bug): Pick<KeelApp, 'inject'> {
  const checker = new ResponseChecker();
  const items = new Map<string, { id: string; org: string; name: string }>();
  let next = 0;
  const reply = (statusCode: number, body?: unknown, headers: Record<string, string> = {}) =>
    ({
      statusCode,
      headers: {
        ...(body === undefined
          ? {}
          : { 'content-type': statusCode >= 400 ? 'application/problem+json' : 'application/json' }),
        ...headers,
      },
      body: body === undefined ? '' : JSON.stringify(body),
      json: () => body,
    }) as unknown as LightMyRequestResponse;
  const problem = (status: number) =>
    reply(status, { status, code: status === 400 ? 'KEEL_VALIDATION_FAILED' : `FAKE_${status}` });
  const inject = (options: unknown): Promise<LightMyRequestResponse> => {
    const { method, url, headers, payload } = options as {
      method: string;
      url: string;
      headers: Record<string, string>;
      payload?: string;
    };
    const path = url.split('?')[0] ?? url;
    const candidates = contract.operations.filter((operation) =>
      new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
    );
    const operation = candidates.find((candidate) => candidate.method === method.toLowerCase());
    if (operation === undefined) {
      if (candidates.length === 0) return Promise.resolve(problem(404));
      if (bug === 'no-405') return Promise.resolve(problem(404));
      return Promise.resolve(
        reply(
          405,
          { status: 405 },
          { allow: candidates.map((candidate) => candidate.method.toUpperCase()).join(', ') },
        ),
      );
    }
    const segments = path.split('/');
    const templated = operation.path.split('/');
    const badParameter = segments.some(
      (segment, index) => templated[index]?.startsWith('{') === true && !/^[0-9a-f-]{36}$/.test(segment),
    );
    if (badParameter && bug !== 'accepts-invalid') return Promise.resolve(problem(400));
    const [role, tenant] = (headers['authorization'] ?? '').replace('Bearer ', '').split('-');
    if (operation.operationId === 'ping') return Promise.resolve(reply(200, { pong: true }));
    if (role === undefined || role === '') {
      if (bug !== 'ignores-credentials') return Promise.resolve(problem(401));
    }
    const org = segments[2];
    if (operation.operationId === 'whoAmI') return Promise.resolve(reply(200, { id: role ?? null, roles: [role] }));
    const orgLabel = org === principals.tenants?.a ? 'a' : org === principals.tenants?.b ? 'b' : undefined;
    if (bug !== 'ignores-credentials' && (tenant === undefined || tenant !== orgLabel))
      return Promise.resolve(problem(404));
    const adminOnly = operation.operationId === 'deleteItem';
    if (adminOnly && role !== 'admin' && bug !== 'ignores-roles') return Promise.resolve(problem(403));
    const body = payload === undefined ? undefined : (JSON.parse(payload) as unknown);
    const schema = jsonBodySchema(operation);
    const invalid =
      (schema !== undefined && operation.requestBody?.required === true && body === undefined) ||
      (schema !== undefined && body !== undefined && !checker.accepts(schema, body));
    if (bug === 'rejects-valid' && operation.operationId === 'createItem') return Promise.resolve(problem(400));
    if (invalid && bug !== 'accepts-invalid') {
      if (bug === 'failed-create-leaks' && operation.operationId === 'createItem') {
        next += 1;
        items.set(`leak-${next}`, {
          id: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
          org: org ?? '',
          name: 'leak',
        });
      }
      return Promise.resolve(problem(400));
    }
    const itemId = segments[4];
    const item = itemId === undefined ? undefined : items.get(itemId);
    const ownItem = item !== undefined && item.org === org ? item : undefined;
    const asItem = (entry: { id: string; name: string }) => ({ id: entry.id, name: entry.name });
    switch (operation.operationId) {
      case 'listItems':
        return Promise.resolve(
          reply(200, { items: [...items.values()].filter((entry) => entry.org === org).map(asItem) }),
        );
      case 'createItem': {
        next += 1;
        const id = `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`;
        const name = (body as { name?: string } | undefined)?.name ?? 'x';
        if (bug !== 'not-readable-at-once') items.set(id, { id, org: org ?? '', name });
        return Promise.resolve(reply(bug === 'undeclared-status' ? 202 : 201, { id, name }));
      }
      case 'getItem':
        return Promise.resolve(ownItem === undefined ? problem(404) : reply(200, asItem(ownItem)));
      case 'updateItem':
        return Promise.resolve(ownItem === undefined ? problem(404) : reply(200, asItem(ownItem)));
      case 'deleteItem':
        if (ownItem === undefined) return Promise.resolve(problem(404));
        items.delete(ownItem.id);
        return Promise.resolve(reply(204));
      default:
        return Promise.resolve(problem(404));
    }
  };
  return { inject: inject };
}

describe('the generated checks against a hand-written server', () => {
  let contract: Contract;
  let access: AccessModel | undefined;
  before(async () => {
    const project = await loadProject(shop);
    contract = await loadContract(project.paths.contract, project.root);
    access = await createCheckContext(project).model(accessStage);
  });

  const run = async (bug: Bug): Promise<Set<GeneratedRuleId>> => {
    const context = new SuiteContext(fakeShop(contract, bug) as KeelApp, access, principals, 1);
    await runConformance(context, contract, 10);
    await runStateful(context, contract);
    if (bug === 'none') assert.deepEqual(context.failures, []);
    return new Set(context.failures.map((failure) => failure.rule));
  };

  test('a server that keeps the contract and access.yaml: no failure', async () => {
    assert.deepEqual([...(await run('none'))], []);
  });

  const planted: [Bug, GeneratedRuleId][] = [
    ['no-405', 'tests/undeclared-method'],
    ['accepts-invalid', 'tests/invalid-input-accepted'],
    ['ignores-credentials', 'tests/missing-credentials-accepted'],
    ['ignores-roles', 'tests/forbidden-role-allowed'],
    ['undeclared-status', 'tests/response-off-contract'],
    ['not-readable-at-once', 'tests/created-not-readable'],
    ['failed-create-leaks', 'tests/failed-create-leaves-data'],
    ['rejects-valid', 'tests/valid-request-rejected'],
  ];
  for (const [bug, rule] of planted) {
    test(`${bug}: caught by ${rule}`, async () => {
      const rules = await run(bug);
      assert.ok(rules.has(rule), `${bug} raised ${[...rules].join(', ') || 'nothing'}`);
    });
  }
});
