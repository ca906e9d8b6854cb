import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCheckContext } from '../journey/check-context.ts';
import { runGates } from '../journey/run-gate.ts';
import { loadProject } from '../project/index.ts';
import { authenticationSettings } from '../runtime/access-control.ts';
import { accessStage } from './access-stage.ts';

const good = fileURLToPath(new URL('./fixtures/good/', import.meta.url));
const asToken = (access: string) =>
  access.replace('    type: jwt\n', '    type: jwt\n    authorizationScheme: Token\n');

/** The good project with its bearer scheme sent as `Authorization: Token <jwt>`, and the contract's scheme as given. */
async function mismatches(dir: string, securityScheme: string): Promise<string[]> {
  const contract = await readFile(join(good, 'openapi.yaml'), 'utf8');
  await writeFile(
    join(dir, 'openapi.yaml'),
    contract.replace('      type: http\n      scheme: bearer\n      bearerFormat: JWT\n', securityScheme),
  );
  const [result] = await runGates(await loadProject(dir), [accessStage]);
  return (result?.findings ?? [])
    .filter((finding) => finding.rule === 'access/security-mismatch')
    .map((finding) => finding.message);
}

describe('a JWT scheme with its own Authorization scheme word (authorizationScheme)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keel-authorization-scheme-'));
    await cp(good, dir, { recursive: true });
    await writeFile(join(dir, 'access.yaml'), asToken(await readFile(join(good, 'access.yaml'), 'utf8')));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('the contract may declare it as http with that scheme, or as an apiKey in the Authorization header', async () => {
    assert.deepEqual(await mismatches(dir, '      type: http\n      scheme: token\n'), []);
    assert.deepEqual(await mismatches(dir, '      type: apiKey\n      in: header\n      name: Authorization\n'), []);
  });

  test('a contract that still says bearer is a mismatch naming the word', async () => {
    const found = await mismatches(dir, '      type: http\n      scheme: bearer\n      bearerFormat: JWT\n');
    assert.equal(found.length, 1);
    assert.match(found[0] ?? '', /sent as `Authorization: Token <token>`.*scheme: token/);
  });

  test('the runtime authenticates with the declared word', async () => {
    const project = await loadProject(dir);
    const loaded = await accessStage.load(createCheckContext(project));
    assert.ok(loaded.model !== undefined);
    const settings = authenticationSettings(loaded.model)['bearer'];
    assert.equal(settings?.type === 'jwt' ? settings.authorizationScheme : undefined, 'Token');
  });
});
