import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeelError } from '../errors/index.ts';
import type { Project } from '../project/index.ts';
import { readSourceFile } from '../source/index.ts';
import { isReviewSeverity, reviewSeverities, type ReviewSeverity } from './review-finding.ts';

/** A project's decision to rank a review rule differently, or to drop it; the reason is mandatory and reported. */
export interface ReviewOverride {
  readonly severity: ReviewSeverity | 'off';
  readonly reason: string;
}

/** keel.yaml's `review:` section. */
export interface ReviewConfig {
  /** The base when --base is not given (default: the merge-base with the main branch). */
  readonly base: string | undefined;
  /** The least severity that fails the review (exit 1); `never` reports without failing. */
  readonly failOn: ReviewSeverity | 'never';
  /** By rule id: a review rule (`review/…`) or an earlier stage's rule that a review reports (`access/…`). */
  readonly rules: Readonly<Record<string, ReviewOverride>>;
}

export const defaultReviewConfig: ReviewConfig = { base: undefined, failOn: 'high', rules: {} };

/**
 * Reads `review:` from keel.yaml:
 *
 * @example
 * review:
 *   failOn: high            # blocker | high | medium | low | info | never
 *   rules:
 *     review/error-without-code: { severity: low, reason: "internal invariants; the runtime answers 500 with a code" }
 */
export async function loadReviewConfig(project: Project): Promise<ReviewConfig> {
  const path = resolve(project.root, 'keel.yaml');
  if (!existsSync(path)) return defaultReviewConfig;
  const source = await readSourceFile(path, project.root);
  const raw = (source.value as Record<string, unknown> | null)?.['review'];
  if (raw === undefined || raw === null) return defaultReviewConfig;
  const fail = (pointer: string, message: string): never => {
    const at = source.locate(pointer);
    throw new KeelError('KEEL_CONFIG_INVALID', `keel.yaml:${at.line}:${at.column}: review: ${message}`, {
      location: { file: 'keel.yaml', line: at.line, column: at.column },
      fix: `Write review.failOn as one of ${[...reviewSeverities, 'never'].join(', ')}, and each review.rules entry as { severity, reason } with a reason of at least 10 characters (docs/review.md).`,
    });
  };
  if (typeof raw !== 'object' || Array.isArray(raw)) return fail('/review', 'must be a mapping');
  const section = raw as Record<string, unknown>;
  for (const key of Object.keys(section)) {
    if (!['base', 'failOn', 'rules'].includes(key)) fail(`/review/${key}`, `unknown setting ${key}`);
  }
  const failOn = section['failOn'] ?? 'high';
  if (failOn !== 'never' && !isReviewSeverity(failOn))
    fail('/review/failOn', `failOn ${JSON.stringify(failOn)} is not a severity`);
  const base = section['base'];
  if (base !== undefined && (typeof base !== 'string' || base === ''))
    fail('/review/base', 'base must be a git revision');
  const rules: Record<string, ReviewOverride> = {};
  const rawRules = section['rules'] ?? {};
  if (typeof rawRules !== 'object' || rawRules === null || Array.isArray(rawRules))
    fail('/review/rules', 'rules must be a mapping');
  for (const [id, value] of Object.entries(rawRules as Record<string, unknown>)) {
    const pointer = `/review/rules/${id.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    const entry = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const severity = entry['severity'];
    const reason = entry['reason'];
    if (!/^[a-z]+\/[a-z0-9-]+$/.test(id)) fail(pointer, `${id} is not a rule id`);
    if (severity !== 'off' && !isReviewSeverity(severity))
      fail(pointer, `${id}: severity must be one of ${reviewSeverities.join(', ')} or off`);
    if (typeof reason !== 'string' || reason.trim().length < 10)
      fail(pointer, `${id}: a reason of at least 10 characters is required`);
    rules[id] = { severity: severity as ReviewOverride['severity'], reason: reason as string };
  }
  return { base: base as string | undefined, failOn: failOn as ReviewConfig['failOn'], rules };
}
