import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { parser } from 'typescript-eslint';
import { Linter } from 'eslint';
import { keelPlugin, keelRules } from './index.ts';

const fixtures = new URL('./fixtures/', import.meta.url);
/** Options `keel review` derives from a contract, as the fixtures' imagined openapi.yaml would give them. */
const ruleOptions: Record<string, unknown[]> = {
  'undeclared-request-field': [
    { operations: { createBooking: { body: ['notes', 'startsAt', 'endsAt', 'resourceId'] } } },
  ],
};

function verify(
  code: string,
  rule: string,
  options: readonly unknown[] = [],
  file = 'handlers.ts',
): Linter.LintMessage[] {
  return new Linter({ configType: 'flat' }).verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser, parserOptions: { sourceType: 'module' } },
        plugins: { keel: keelPlugin as never },
        rules: { [`keel/${rule}`]: ['error', ...options] as Linter.RuleEntry },
      },
    ],
    file,
  );
}

async function lint(rule: string, file: string): Promise<Linter.LintMessage[]> {
  return verify(await readFile(new URL(file, fixtures), 'utf8'), rule, ruleOptions[rule] ?? [], file);
}

test('every rule of the Keel ESLint plugin fires on its bad fixture and stays quiet on its good one', async () => {
  const files = new Set(await readdir(fixtures));
  for (const rule of Object.keys(keelRules)) {
    assert.ok(
      files.has(`${rule}.flag.ts`) && files.has(`${rule}.pass.ts`),
      `${rule} has a .flag.ts and a .pass.ts fixture`,
    );
    const flagged = await lint(rule, `${rule}.flag.ts`);
    // Each line the rule must report ends with `// flagged` (or is followed by a line of only that, where the formatter
    // moves the comment into a block); it reports those and nothing else.
    const marked = (await readFile(new URL(`${rule}.flag.ts`, fixtures), 'utf8'))
      .split('\n')
      .flatMap((line, index) =>
        line.trim() === '// flagged' ? [index] : line.endsWith('// flagged') ? [index + 1] : [],
      );
    assert.ok(marked.length > 0, `${rule}.flag.ts marks the lines it must flag`);
    assert.deepEqual(
      flagged.map((message) => `${message.line} ${message.ruleId ?? ''}`),
      marked.map((line) => `${line} keel/${rule}`),
      `${rule}.flag.ts: ${JSON.stringify(flagged)}`,
    );
    assert.deepEqual(
      (await lint(rule, `${rule}.pass.ts`)).map((message) => `${message.line}: ${message.message}`),
      [],
      `${rule} passes ${rule}.pass.ts`,
    );
  }
});

test('raw SQL is a finding of its own kind when it carries request data', async () => {
  const [message] = await lint('raw-sql-interpolation', 'raw-sql-interpolation.flag.ts');
  assert.match(message?.message ?? '', /request data/);
  const constant = verify(
    'export async function purge(pool, table) { await pool.query(`delete from ${table}`); }',
    'raw-sql-interpolation',
  );
  assert.match(constant[0]?.message ?? '', /string interpolation/);
});

test('the undeclared-field rule reads destructured fields and is silent without the contract', () => {
  const code = 'export const h = { async createBooking({ body }) { const { role } = body; return role; } };';
  assert.deepEqual(verify(code, 'undeclared-request-field'), []);
  const found = verify(code, 'undeclared-request-field', [{ operations: { createBooking: { body: ['notes'] } } }]);
  assert.match(found[0]?.message ?? '', /createBooking reads body\.role/);
});
