import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createProgram } from '../../cli/program.ts';

const run = promisify(execFile);
const cliDir = fileURLToPath(new URL('../../cli/', import.meta.url));

/**
 * Runs `keel …` in a child process: through bin.ts once program.ts registers the contract commands, else through a
 * minimal program that registers only them, with the same error handling.
 */
const wired = createProgram().commands.some((command) => command.name() === 'contract');
const harness = `
import { Command, CommanderError } from ${JSON.stringify(import.meta.resolve('commander'))};
import { registerContractCommands } from ${JSON.stringify(join(cliDir, 'commands', 'contract.ts'))};
import { createOutput, reportError } from ${JSON.stringify(join(cliDir, 'output.ts'))};
import { KeelError } from ${JSON.stringify(fileURLToPath(new URL('../../errors/index.ts', import.meta.url)))};
const program = new Command('keel').exitOverride();
registerContractCommands(program);
for (const command of program.commands) { command.exitOverride(); for (const sub of command.commands) sub.exitOverride(); }
const argv = process.argv.slice(1);
try {
  await program.parseAsync(argv, { from: 'user' });
} catch (error) {
  const json = createOutput({ json: argv.includes('--json') });
  if (error instanceof CommanderError) {
    process.exitCode = error.code.startsWith('commander.help') ? 0 : reportError(new KeelError('KEEL_USAGE', error.message), json);
  } else process.exitCode = reportError(error, json);
}
`;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function keel(cwd: string, ...args: string[]): Promise<Run> {
  const command = wired ? [join(cliDir, 'bin.ts'), ...args] : ['--input-type=module', '--eval', harness, '--', ...args];
  try {
    const { stdout, stderr } = await run(process.execPath, command, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as Run;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const contract = (options: { required: string; statuses: string }) => `openapi: 3.1.0
info: { title: Notes, version: 1.0.0 }
paths:
  /notes:
    post:
      operationId: createNote
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [${options.required}]
              properties:
                title: { type: string }
                body: { type: string }
      responses:
        '201': { description: Created. }
        ${options.statuses}
`;

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'keel-contract-cli-'));
  await mkdir(join(work, 'project'));
  await writeFile(join(work, 'package.json'), '{ "name": "not-a-contract" }');
  await writeFile(join(work, 'base.yaml'), contract({ required: 'title', statuses: "'400': { description: Bad. }" }));
  await writeFile(
    join(work, 'breaking.yaml'),
    contract({ required: 'title, body', statuses: "'400': { description: Bad. }" }),
  );
  await writeFile(join(work, 'possibly.yaml'), contract({ required: 'title', statuses: '' }));
  await writeFile(
    join(work, 'project', 'openapi.yaml'),
    contract({ required: 'title', statuses: "'400': { description: Bad. }" }),
  );
});
after(() => rm(work, { recursive: true, force: true }));

test('exit 1 on a breaking change, with id, level, operation and locations in the text', async () => {
  const result = await keel(work, 'contract', 'diff', 'base.yaml', 'breaking.yaml');
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /^breaking +request-property-became-required +POST \/notes$/m);
  assert.match(result.stdout, /base base\.yaml:\d+:\d+ +head breaking\.yaml:\d+:\d+/);
  assert.match(result.stdout, /1 breaking, 0 possibly breaking, 0 non-breaking change$/m);
});

test('--fail-on decides the exit code', async () => {
  assert.equal((await keel(work, 'contract', 'diff', 'base.yaml', 'possibly.yaml')).code, 0);
  assert.equal((await keel(work, 'contract', 'diff', 'base.yaml', 'possibly.yaml', '--fail-on', 'possibly')).code, 1);
  assert.equal((await keel(work, 'contract', 'diff', 'base.yaml', 'breaking.yaml', '--fail-on', 'none')).code, 0);
});

test('--json prints one document with the changes and counts', async () => {
  const result = await keel(work, 'contract', 'diff', 'base.yaml', 'breaking.yaml', '--json');
  assert.equal(result.code, 1);
  const report = JSON.parse(result.stdout) as {
    ok: boolean;
    failOn: string;
    counts: Record<string, number>;
    changes: { id: string; level: string; direction: string; operations: string[]; base: { line: number } }[];
  };
  assert.equal(report.ok, false);
  assert.equal(report.failOn, 'breaking');
  assert.deepEqual(report.counts, { breaking: 1, 'possibly-breaking': 0, 'non-breaking': 0 });
  assert.deepEqual(
    report.changes.map((change) => [change.id, change.level, change.direction, change.operations]),
    [['request-property-became-required', 'breaking', 'request', ['POST /notes']]],
  );
});

test('--format markdown writes a pull-request comment with a table per level', async () => {
  const result = await keel(work, 'contract', 'diff', 'breaking.yaml', 'possibly.yaml', '--format', 'markdown');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^### API contract diff: 0 breaking, 1 possibly breaking, 1 non-breaking changes$/m);
  assert.match(result.stdout, /^#### 🟠 Possibly breaking \(1\)$/m);
  assert.match(result.stdout, /^\| `response-status-removed` \| `POST \/notes` \|/m);
  assert.match(result.stdout, /<summary>🟢 Non-breaking \(1\)<\/summary>/);
});

test('the head defaults to the project contract; bad input exits 2 with a coded error', async () => {
  const defaulted = await keel(work, 'contract', 'diff', 'breaking.yaml', '--dir', 'project', '--json');
  assert.equal(defaulted.code, 0, defaulted.stdout);
  const report = JSON.parse(defaulted.stdout) as { head: string; changes: { id: string }[] };
  assert.match(report.head, /project[/\\]openapi\.yaml$/);
  assert.deepEqual(
    report.changes.map((change) => change.id),
    ['request-property-became-optional'],
  );

  const missing = await keel(work, 'contract', 'diff', 'nowhere.yaml', 'base.yaml');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /KEEL_FILE_NOT_FOUND/);

  const notGit = await keel(work, 'contract', 'diff', 'HEAD~1:openapi.yaml', 'base.yaml', '--json');
  assert.equal(notGit.code, 2);
  assert.equal((JSON.parse(notGit.stdout) as { error: { code: string } }).error.code, 'KEEL_GIT_REVISION_NOT_FOUND');

  const notContract = await keel(work, 'contract', 'diff', 'package.json', 'base.yaml');
  assert.equal(notContract.code, 2);
  assert.match(notContract.stderr, /KEEL_CONTRACT_INVALID/);

  const usage = await keel(work, 'contract', 'diff', 'base.yaml', '--fail-on', 'sometimes');
  assert.equal(usage.code, 2);
});

test('--help explains the arguments and shows examples', async () => {
  const result = await keel(work, 'contract', 'diff', '--help');
  assert.equal(result.code, 0);
  assert.match(result.stdout, /--fail-on <level>/);
  assert.match(result.stdout, /Examples:\n {2}keel contract diff HEAD~1:openapi.yaml/);
});
