import type { TSESLint } from '@typescript-eslint/utils';
import { keelVersion } from '../../version.ts';
import { errorWithoutCode } from './rules/error-without-code.ts';
import { rawSqlInterpolation } from './rules/raw-sql-interpolation.ts';
import { secretInLog } from './rules/secret-in-log.ts';
import { swallowedError } from './rules/swallowed-error.ts';
import { unboundedListQuery } from './rules/unbounded-list-query.ts';
import { uncheckedOutboundUrl } from './rules/unchecked-outbound-url.ts';
import { undeclaredRequestField } from './rules/undeclared-request-field.ts';
import { unscopedQuery } from './rules/unscoped-query.ts';
import { writeInRead } from './rules/write-in-read.ts';

/**
 * Keel's rules for handler code, as an ESLint plugin (flat config). `keel review` runs them with the contract's
 * declarations as options; a project may also run them in its own ESLint setup.
 *
 * @example
 * // eslint.config.js
 * import { keelPlugin } from 'keel/eslint-plugin';
 * export default [{ files: ['src/**\/*.ts'], plugins: { keel: keelPlugin }, rules: keelPlugin.configs.recommended.rules }];
 */
export const keelRules = {
  'raw-sql-interpolation': rawSqlInterpolation,
  'unscoped-query': unscopedQuery,
  'undeclared-request-field': undeclaredRequestField,
  'error-without-code': errorWithoutCode,
  'swallowed-error': swallowedError,
  'secret-in-log': secretInLog,
  'unchecked-outbound-url': uncheckedOutboundUrl,
  'unbounded-list-query': unboundedListQuery,
  'write-in-read': writeInRead,
} as const;

export type KeelRuleName = keyof typeof keelRules;

const recommendedRules: TSESLint.FlatConfig.Rules = Object.fromEntries(
  Object.keys(keelRules).map((name) => [`keel/${name}`, 'error']),
);

export const keelPlugin = {
  meta: { name: 'keel', version: keelVersion },
  rules: keelRules,
  configs: { recommended: { rules: recommendedRules } },
} satisfies TSESLint.FlatConfig.Plugin & { configs: Record<string, { rules: TSESLint.FlatConfig.Rules }> };

export type { DeclaredFields, UndeclaredRequestFieldOptions } from './rules/undeclared-request-field.ts';
export type { UnboundedListQueryOptions } from './rules/unbounded-list-query.ts';
export type { WriteInReadOptions } from './rules/write-in-read.ts';
