import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { isKeelError } from '../errors/index.ts';
import { stages } from '../journey/registry.ts';
import { stageRules } from '../journey/run-gate.ts';
import { stageIds } from '../journey/stage-id.ts';
import { loadProject, type Project } from '../project/index.ts';
import { buildPlaybooks } from './build-playbooks.ts';
import { installAgents, parseAgentList } from './install-agents.ts';
import { agentNames } from './playbook.ts';

const run = promisify(execFile);
const names = ['journey', ...stageIds];

let root: string;
let project: Project;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'keel-agents-'));
  await run('git', ['init', '-q', root]);
  project = await loadProject(root);
});
after(() => rm(root, { recursive: true, force: true }));

/** A Markdown file's YAML front matter and body; fails when the file does not open with one. */
async function frontMatter(path: string): Promise<{ data: Record<string, unknown>; body: string }> {
  const text = await readFile(join(root, path), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  assert.ok(match !== null, `${path} opens with front matter`);
  const data: unknown = parseYaml(match[1] ?? '');
  assert.equal(typeof data, 'object', path);
  return { data: data as Record<string, unknown>, body: match[2] ?? '' };
}

test('every agent gets the journey and nine stage playbooks, each valid in its own format', async () => {
  const files = await installAgents(project, stages, { agents: [...agentNames] });
  assert.ok(
    files.every((file) => file.action === 'created'),
    JSON.stringify(files),
  );

  for (const name of names) {
    // Claude Code skill: name (lowercase, digits, hyphens, at most 64, the folder's name) and description.
    const skill = await frontMatter(`.claude/skills/keel-${name}/SKILL.md`);
    assert.equal(skill.data['name'], `keel-${name}`);
    assert.match(skill.data['name'], /^[a-z0-9-]{1,64}$/);
    const description = String(skill.data['description']);
    assert.ok(description.length > 40 && description.length <= 1024, description);
    assert.doesNotMatch(description, /[<>]/);

    // Copilot prompt file: a description and the agent mode.
    const prompt = await frontMatter(`.github/prompts/keel-${name}.prompt.md`);
    assert.equal(typeof prompt.data['description'], 'string');
    assert.equal(prompt.data['agent'], 'agent');

    // Cursor rule: description, globs and a boolean alwaysApply; the journey applies always.
    const rule = await frontMatter(`.cursor/rules/keel-${name}.mdc`);
    assert.equal(typeof rule.data['description'], 'string');
    assert.equal(rule.data['alwaysApply'], name === 'journey');
    if (name === 'journey') assert.equal(rule.data['globs'], undefined);
    else assert.match(String(rule.data['globs']), /^[^,\s]+(,[^,\s]+)*$/);

    // Gemini CLI command: TOML with the required prompt and a description.
    const command = parseToml(await readFile(join(root, `.gemini/commands/keel/${name}.toml`), 'utf8'));
    assert.equal(typeof command['prompt'], 'string');
    assert.equal(typeof command['description'], 'string');

    if (name === 'journey') continue;
    // Copilot path-specific instructions: applyTo globs of the stage's files.
    const instructions = await frontMatter(`.github/instructions/keel-${name}.instructions.md`);
    assert.match(String(instructions.data['applyTo']), /\S/);
    assert.ok(
      String(instructions.data['applyTo'])
        .split(',')
        .every((glob) => glob.trim() === glob && glob !== ''),
    );
  }
  // Repository-wide files: plain Markdown, no front matter.
  for (const path of ['AGENTS.md', '.github/copilot-instructions.md']) {
    const text = await readFile(join(root, path), 'utf8');
    assert.doesNotMatch(text, /^---/, path);
    assert.match(text, /`keel status`/, path);
  }
  const agentsMd = await readFile(join(root, 'AGENTS.md'), 'utf8');
  for (const stage of stageIds) assert.match(agentsMd, new RegExp(`Keel stage \\d of 9: .*`), stage);
});

test('each playbook says what to read and produce, the command that proves it, and when it is done', async () => {
  const playbooks = buildPlaybooks(project, stages);
  assert.deepEqual(
    playbooks.map((playbook) => playbook.name),
    names,
  );
  const commands: Record<string, string> = {
    review: 'keel review',
    tests: 'keel test',
    security: 'keel audit',
    ship: 'keel ship',
  };
  for (const playbook of playbooks.slice(1)) {
    const skill = await readFile(join(root, `.claude/skills/keel-${playbook.name}/SKILL.md`), 'utf8');
    assert.ok(skill.includes(commands[playbook.name] ?? `keel check ${playbook.name}`), playbook.name);
    assert.match(skill, /## Read first\n\n- `/, playbook.name);
    assert.match(skill, /## Produce\n\n- `/, playbook.name);
    assert.match(skill, /## Acting on findings/, playbook.name);
    const stage = stages.find((candidate) => candidate.id === playbook.name);
    if (stage === undefined) {
      assert.equal(playbook.available, false);
      assert.match(skill, /records no evidence for this stage yet.*never report the stage as passed/);
      continue;
    }
    // The rules come from the registry, so the playbook cannot drift from the gate.
    assert.ok(skill.includes(`done only when \`${commands[playbook.name] ?? 'keel check'}`), playbook.name);
    for (const rule of stageRules(stage).filter((candidate) => !candidate.id.endsWith('/missing-artifact'))) {
      assert.ok(skill.includes(`\`${rule.id}\``), `${rule.id} in the ${stage.id} playbook`);
    }
  }
});

test('installing again changes nothing, and never touches what a person wrote outside the markers', async () => {
  const again = await installAgents(project, stages, { agents: [...agentNames] });
  assert.ok(
    again.every((file) => file.action === 'unchanged'),
    JSON.stringify(again.filter((f) => f.action !== 'unchanged')),
  );

  const skillPath = join(root, '.claude/skills/keel-model/SKILL.md');
  const skill = await readFile(skillPath, 'utf8');
  const edited = skill
    .replace('name: keel-model\n', 'name: keel-model\nallowed-tools: Read, Bash\n')
    .replace('# Keel stage 4 of 9: Data model', '# Keel stage 4 of 9: Data model (edited inside the markers)')
    .concat('\n## Our team notes\n\nRun the seed script first.\n');
  await writeFile(skillPath, edited);
  const agentsPath = join(root, 'AGENTS.md');
  await writeFile(agentsPath, `# Our service\n\nUse pnpm.\n\n${await readFile(agentsPath, 'utf8')}\n## After Keel\n`);

  const third = await installAgents(project, stages, { agents: ['claude', 'codex'] });
  const byPath = new Map(third.map((file) => [file.path, file.action]));
  assert.equal(byPath.get('.claude/skills/keel-model/SKILL.md'), 'updated');
  assert.equal(byPath.get('AGENTS.md'), 'unchanged');
  const restored = await readFile(skillPath, 'utf8');
  assert.match(restored, /allowed-tools: Read, Bash/);
  assert.match(restored, /## Our team notes\n\nRun the seed script first\./);
  assert.doesNotMatch(restored, /edited inside the markers/);
  const agentsMd = await readFile(agentsPath, 'utf8');
  assert.match(agentsMd, /^# Our service\n\nUse pnpm\./);
  assert.match(agentsMd, /## After Keel\n$/);
  assert.equal(agentsMd.match(/keel:begin journey/g)?.length, 1);
});

test('a file of Keel’s name without its markers is someone else’s: skipped and left as it is', async () => {
  const path = join(root, '.cursor/rules/keel-access.mdc');
  await writeFile(path, '---\ndescription: our own access rule\n---\nOurs.\n');
  const files = await installAgents(project, stages, { agents: ['cursor'] });
  const access = files.find((file) => file.path === '.cursor/rules/keel-access.mdc');
  assert.equal(access?.action, 'skipped');
  assert.match(access.reason ?? '', /without Keel’s markers/);
  assert.equal(await readFile(path, 'utf8'), '---\ndescription: our own access rule\n---\nOurs.\n');
});

test('hooks: the git pre-commit hook goes after the shebang of an existing one; Claude settings keep their own hooks', async () => {
  const hook = join(root, '.git/hooks/pre-commit');
  await mkdir(join(root, '.git/hooks'), { recursive: true });
  await writeFile(hook, '#!/bin/sh\nnpm run lint\nexit 0\n');
  await mkdir(join(root, '.claude'), { recursive: true });
  const settingsPath = join(root, '.claude/settings.json');
  await writeFile(
    settingsPath,
    JSON.stringify({
      model: 'opus',
      hooks: { Stop: [{ hooks: [{ type: 'command', command: 'notify-send done' }] }] },
    }),
  );
  await mkdir(join(root, '.cursor'), { recursive: true });
  const cursorHooksPath = join(root, '.cursor/hooks.json');
  await writeFile(
    cursorHooksPath,
    JSON.stringify({ version: 1, hooks: { afterFileEdit: [{ command: './format.sh' }] } }),
  );
  for (let round = 0; round < 2; round += 1) {
    await installAgents(project, stages, { agents: ['claude', 'cursor'], hooks: true });
  }
  const cursorHooks = JSON.parse(await readFile(cursorHooksPath, 'utf8')) as {
    version: number;
    hooks: Record<string, { command: string }[]>;
  };
  assert.equal(cursorHooks.version, 1);
  assert.deepEqual(cursorHooks.hooks['afterFileEdit'], [{ command: './format.sh' }]);
  assert.deepEqual(cursorHooks.hooks['stop'], [
    { command: 'npx --no-install keel agents gate --hook cursor-stop --recheck .' },
  ]);
  assert.deepEqual(cursorHooks.hooks['beforeShellExecution'], [
    { command: 'npx --no-install keel agents gate --hook cursor-before-shell --recheck .' },
  ]);
  const script = await readFile(hook, 'utf8');
  assert.match(
    script,
    /^#!\/bin\/sh\n# keel:begin gate.*\n.*\n\(cd \. && npx --no-install keel agents gate --hook git-pre-commit --recheck \.\) \|\| exit 1\n# keel:end gate\nnpm run lint\nexit 0\n$/,
  );
  assert.equal((await stat(hook)).mode & 0o111, 0o111);
  const settings = JSON.parse(await readFile(settingsPath, 'utf8')) as {
    model: string;
    hooks: Record<string, { matcher?: string; hooks: { command: string; timeout?: number }[] }[]>;
  };
  assert.equal(settings.model, 'opus');
  const stop = settings.hooks['Stop'] ?? [];
  assert.deepEqual(
    stop.map((group) => group.hooks[0]?.command),
    ['notify-send done', 'npx --no-install keel agents gate --hook claude-stop --recheck "$CLAUDE_PROJECT_DIR"'],
  );
  const preToolUse = settings.hooks['PreToolUse'] ?? [];
  assert.equal(preToolUse.length, 1);
  assert.equal(preToolUse[0]?.matcher, 'Bash');
});

/** Gemini CLI's hook configuration, as its hooks reference documents it (google-gemini/gemini-cli docs/hooks). */
const geminiHooksFormat = {
  type: 'object',
  properties: {
    hooks: {
      type: 'object',
      properties: { disabled: { type: 'array', items: { type: 'string' } } },
      patternProperties: {
        '^(SessionStart|SessionEnd|BeforeAgent|AfterAgent|BeforeModel|AfterModel|BeforeToolSelection|BeforeTool|AfterTool|PreCompress|Notification)$':
          {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['hooks'],
              properties: {
                matcher: { type: 'string' },
                sequential: { type: 'boolean' },
                hooks: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['type', 'command'],
                    properties: {
                      type: { const: 'command' },
                      command: { type: 'string' },
                      name: { type: 'string' },
                      timeout: { type: 'number', description: 'milliseconds' },
                      description: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
      },
      additionalProperties: false,
    },
  },
};

/** A Copilot hooks file (.github/hooks/*.json), as GitHub's Copilot CLI hooks reference documents command hooks. */
const copilotHooksFormat = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'hooks'],
  properties: {
    version: { const: 1 },
    hooks: {
      type: 'object',
      additionalProperties: false,
      patternProperties: {
        '^(sessionStart|sessionEnd|userPromptSubmitted|preToolUse|postToolUse|postToolUseFailure|agentStop|subagentStop|subagentStart|preCompact|permissionRequest|errorOccurred|notification)$':
          {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['type'],
              anyOf: [{ required: ['bash'] }, { required: ['powershell'] }],
              properties: {
                type: { const: 'command' },
                bash: { type: 'string' },
                powershell: { type: 'string' },
                cwd: { type: 'string' },
                env: { type: 'object', additionalProperties: { type: 'string' } },
                timeoutSec: { type: 'number' },
              },
            },
          },
      },
    },
  },
};

test('hooks: Gemini CLI’s settings and Copilot’s hook file follow their documented formats and keep what was there', async () => {
  const settingsPath = join(root, '.gemini/settings.json');
  await mkdir(join(root, '.gemini'), { recursive: true });
  const lint = { matcher: 'write_file', hooks: [{ type: 'command', command: './lint.sh' }] };
  await writeFile(settingsPath, JSON.stringify({ theme: 'dark', hooks: { disabled: ['slow'], BeforeTool: [lint] } }));
  await mkdir(join(root, '.github/hooks'), { recursive: true });
  const ours = { version: 1, hooks: { sessionStart: [{ type: 'command', bash: 'echo hi' }] } };
  await writeFile(join(root, '.github/hooks/audit.json'), JSON.stringify(ours));
  for (let round = 0; round < 2; round += 1) {
    await installAgents(project, stages, { agents: ['gemini', 'copilot'], hooks: true });
  }
  const again = await installAgents(project, stages, { agents: ['gemini', 'copilot'], hooks: true });
  for (const path of ['.gemini/settings.json', '.github/hooks/keel.json']) {
    assert.equal(again.find((file) => file.path === path)?.action, 'unchanged', path);
  }
  const ajv = new Ajv2020({ allErrors: true, strict: false });

  const settings = JSON.parse(await readFile(settingsPath, 'utf8')) as {
    theme: string;
    hooks: Record<string, { matcher?: string; hooks: { command: string; timeout: number }[] }[] | string[]>;
  };
  const validGemini = ajv.compile(geminiHooksFormat);
  assert.ok(validGemini(settings), JSON.stringify(validGemini.errors));
  assert.equal(settings.theme, 'dark');
  assert.deepEqual(settings.hooks['disabled'], ['slow']);
  const group = (event: string) => settings.hooks[event] as { matcher?: string; hooks: { command: string }[] }[];
  assert.deepEqual(group('BeforeTool')[0], lint);
  assert.equal(group('BeforeTool').length, 2);
  assert.equal(group('BeforeTool')[1]?.matcher, 'run_shell_command');
  assert.equal(
    group('BeforeTool')[1]?.hooks[0]?.command,
    'npx --no-install keel agents gate --hook gemini-before-tool --recheck "$GEMINI_PROJECT_DIR"',
  );
  assert.equal(group('AfterAgent').length, 1);
  assert.match(group('AfterAgent')[0]?.hooks[0]?.command ?? '', /--hook gemini-after-agent --recheck/);

  const copilot = JSON.parse(await readFile(join(root, '.github/hooks/keel.json'), 'utf8')) as {
    hooks: Record<string, { bash: string; powershell: string; cwd: string }[]>;
  };
  const validCopilot = ajv.compile(copilotHooksFormat);
  assert.ok(validCopilot(copilot), JSON.stringify(validCopilot.errors));
  assert.deepEqual(Object.keys(copilot.hooks), ['agentStop', 'preToolUse']);
  assert.equal(copilot.hooks['agentStop']?.length, 1);
  assert.equal(
    copilot.hooks['preToolUse']?.[0]?.bash,
    'npx --no-install keel agents gate --hook copilot-pre-tool-use --recheck .',
  );
  assert.deepEqual(JSON.parse(await readFile(join(root, '.github/hooks/audit.json'), 'utf8')), ours);
  // The format checks themselves reject what the agents would not load.
  assert.equal(validCopilot({ version: 1, hooks: { agentStop: [{ type: 'command' }] } }), false);
  assert.equal(validGemini({ hooks: { AfterAgent: [{ hooks: [{ type: 'command', timeout: 1 }] }] } }), false);
});

test('bad input changes nothing: an unknown agent, a settings file that is not JSON', async () => {
  assert.throws(
    () => parseAgentList('claude,vim'),
    (error: unknown) => isKeelError(error) && error.code === 'KEEL_AGENT_UNKNOWN' && /vim/.test(error.message),
  );
  assert.deepEqual(parseAgentList(' Claude , codex,claude'), ['claude', 'codex']);
  assert.deepEqual(parseAgentList('all'), [...agentNames]);

  const fresh = await mkdtemp(join(tmpdir(), 'keel-agents-bad-'));
  try {
    await mkdir(join(fresh, '.claude'));
    await writeFile(join(fresh, '.claude/settings.json'), '{ "hooks": ');
    await assert.rejects(
      installAgents(await loadProject(fresh), stages, { agents: ['claude', 'codex'], hooks: true }),
      (error: unknown) => isKeelError(error) && error.code === 'KEEL_AGENT_SETTINGS_INVALID',
    );
    assert.deepEqual(await readdir(fresh), ['.claude']);
    assert.deepEqual(await readdir(join(fresh, '.claude')), ['settings.json']);
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
});
