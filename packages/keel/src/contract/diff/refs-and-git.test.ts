import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { isKeelError } from '../../errors/index.ts';
import { loadContractSide } from './contract-side.ts';
import { diffContracts } from './diff-contracts.ts';

const run = promisify(execFile);

const root = `openapi: 3.1.0
info: { title: Pets, version: 1.0.0 }
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      parameters:
        - { name: petId, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: The pet.
          content:
            application/json:
              schema: { $ref: './schemas/pet.yaml#/Pet' }
    patch:
      operationId: updatePet
      parameters:
        - { name: petId, in: path, required: true, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema: { $ref: './schemas/pet.yaml#/Pet' }
      responses:
        '204': { description: Updated. }
`;

const pet = (nameBound: number, extra = '') => `Pet:
  allOf:
    - $ref: './common.yaml#/Named'
    - type: object
      properties:
        age: { type: integer, minimum: 0 }${extra}
`;

const common = (required: string) => `Named:
  type: object
  required: [${required}]
  properties:
    id: { type: string, readOnly: true }
    name: { type: string, maxLength: 100 }
`;

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'keel-contract-diff-git-'));
});
after(() => rm(work, { recursive: true, force: true }));

async function writeContract(dir: string, files: { pet: string; common: string }): Promise<void> {
  await mkdir(join(dir, 'schemas'), { recursive: true });
  await writeFile(join(dir, 'openapi.yaml'), root);
  await writeFile(join(dir, 'schemas', 'pet.yaml'), files.pet);
  await writeFile(join(dir, 'schemas', 'common.yaml'), files.common);
}

test('$refs across files and allOf are followed; locations name the file where the change is', async () => {
  const baseDir = join(work, 'refs-base');
  const headDir = join(work, 'refs-head');
  await writeContract(baseDir, { pet: pet(100), common: common('id') });
  await writeContract(headDir, { pet: pet(100), common: common('id, name') });
  const options = { dir: work, defaultContract: join(headDir, 'openapi.yaml') };
  const diff = diffContracts(
    await loadContractSide(join(baseDir, 'openapi.yaml'), options),
    await loadContractSide(join(headDir, 'openapi.yaml'), options),
  );
  assert.deepEqual(
    diff.changes.map((change) => [change.id, change.level, change.operations]),
    [
      ['request-property-became-required', 'breaking', ['PATCH /pets/{petId}']],
      ['response-property-became-required', 'non-breaking', ['GET /pets/{petId}']],
    ],
  );
  const [change] = diff.changes;
  assert.match(change?.message ?? '', /Pet\.name/);
  assert.match(change?.head.file ?? '', /schemas[/\\]common\.yaml$/);
  assert.equal(change?.head.line, 3); // `required: [id, name]`
});

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-c', 'user.name=Keel', '-c', 'user.email=keel@example.com', ...args], { cwd });
  return stdout;
}

test('REV:path reads the contract and every file it references at that revision', async () => {
  const repo = join(work, 'repo');
  const project = join(repo, 'api');
  await mkdir(project, { recursive: true });
  await git(repo, 'init', '--quiet');
  await writeContract(project, { pet: pet(100), common: common('id') });
  await git(repo, 'add', '.');
  await git(repo, 'commit', '--quiet', '-m', 'v1');
  // The second commit changes only a referenced file.
  await writeFile(join(project, 'schemas', 'pet.yaml'), pet(100, '\n        color: { type: string }'));
  await writeFile(join(project, 'schemas', 'common.yaml'), common('id, name'));
  await git(repo, 'commit', '--quiet', '-am', 'v2');
  // The working tree differs again, and must not leak into either revision.
  await writeFile(join(project, 'schemas', 'common.yaml'), common('name'));

  const options = { dir: project, defaultContract: join(project, 'openapi.yaml') };
  const base = await loadContractSide('HEAD~1:api/openapi.yaml', options);
  const head = await loadContractSide('HEAD:', options);
  assert.equal(base.label, 'HEAD~1:api/openapi.yaml');
  assert.equal(head.label, 'HEAD:api/openapi.yaml');
  const diff = diffContracts(base, head);
  assert.deepEqual(diff.changes.map((change) => change.id).sort(), [
    'request-property-added',
    'request-property-became-required',
    'response-property-added',
    'response-property-became-required',
  ]);
  const required = diff.changes.find((change) => change.id === 'request-property-became-required');
  assert.equal(required?.head.file, 'HEAD:api/schemas/common.yaml');

  // A path relative to the project folder works too, and the working tree is the default head elsewhere.
  const relative = await loadContractSide('HEAD~1:./openapi.yaml', options);
  assert.equal(relative.label, 'HEAD~1:api/openapi.yaml');

  await assert.rejects(loadContractSide('no-such-rev:openapi.yaml', options), (error: unknown) => {
    assert.ok(isKeelError(error));
    assert.equal(error.code, 'KEEL_GIT_REVISION_NOT_FOUND');
    return true;
  });
  await assert.rejects(loadContractSide('HEAD:missing.yaml', options), (error: unknown) => {
    assert.ok(isKeelError(error));
    assert.equal(error.code, 'KEEL_GIT_FILE_NOT_FOUND');
    return true;
  });
});
