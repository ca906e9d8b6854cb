import { relative, sep } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import type ts from 'typescript';
import type { Location } from '../journey/finding.ts';
import { keelPlugin, keelRules, type DeclaredFields } from './eslint-plugin/index.ts';

export interface LintFinding {
  /** `keel/<rule>` for Keel's handler rules, `@typescript-eslint/<rule>` or an ESLint core rule otherwise. */
  readonly ruleId: string;
  readonly messageId: string | undefined;
  readonly message: string;
  readonly at: Location;
}

export interface LintOptions {
  /** Declared request fields by operationId, from the contract. */
  readonly operations: Readonly<Record<string, DeclaredFields>>;
  /** operationIds of the contract's list operations. */
  readonly listOperations: readonly string[] | undefined;
  /** operationIds of the contract's GET and HEAD operations. */
  readonly readOperations?: readonly string[] | undefined;
}

/** Test code is linted, but Keel's handler rules are for the code that serves requests. */
const testFiles = ['**/*.test.ts', '**/*.spec.ts', 'test/**', 'tests/**'];

/**
 * ESLint as a library on the given files: typescript-eslint's type-aware recommended rules (reusing the TypeScript
 * program of the type check, so types are computed once) and Keel's handler rules.
 */
export async function lintFiles(
  dir: string,
  files: readonly string[],
  program: ts.Program,
  options: LintOptions,
): Promise<LintFinding[]> {
  if (files.length === 0) return [];
  const typeChecked = tseslint.configs.recommendedTypeChecked.reduce<Linter.RulesRecord>(
    (rules, config) => ({ ...rules, ...(config.rules as Linter.RulesRecord | undefined) }),
    {},
  );
  const keelRuleEntries: Linter.RulesRecord = Object.fromEntries(
    Object.keys(keelRules).map((name) => [`keel/${name}`, 'error']),
  );
  keelRuleEntries['keel/undeclared-request-field'] = ['error', { operations: options.operations }];
  keelRuleEntries['keel/unbounded-list-query'] = [
    'error',
    options.listOperations === undefined ? {} : { listOperations: options.listOperations },
  ];
  keelRuleEntries['keel/write-in-read'] = [
    'error',
    options.readOperations === undefined ? {} : { readOperations: options.readOperations },
  ];
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    errorOnUnmatchedPattern: false,
    overrideConfig: [
      {
        files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: { programs: [program], sourceType: 'module' },
        },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        plugins: { '@typescript-eslint': tseslint.plugin, keel: keelPlugin as never },
        rules: {
          ...typeChecked,
          '@typescript-eslint/no-floating-promises': 'error',
          '@typescript-eslint/no-misused-promises': 'error',
          ...keelRuleEntries,
        },
      },
      {
        files: testFiles,
        rules: {
          ...Object.fromEntries(Object.keys(keelRules).map((name) => [`keel/${name}`, 'off'])),
          // node:test's test() and describe() return promises the runner awaits.
          '@typescript-eslint/no-floating-promises': [
            'error',
            {
              allowForKnownSafeCalls: [
                { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
              ],
            },
          ],
        },
      },
    ],
  });
  const results = await eslint.lintFiles([...files]);
  return results.flatMap((result) =>
    result.messages
      .filter((message) => message.ruleId !== null)
      .map((message) => ({
        ruleId: message.ruleId ?? '',
        messageId: message.messageId,
        message: message.message,
        at: {
          file: relative(dir, result.filePath).split(sep).join('/'),
          line: message.line,
          column: message.column,
        },
      })),
  );
}
