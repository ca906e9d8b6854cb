import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import type { Issue } from '../../journey/finding.ts';

/**
 * Checks a Prometheus rule file without promtool: its shape (groups of rules, each a `record` or an `alert` with an
 * `expr`, unique group names) and every expression with Prometheus's own PromQL grammar (lezer-promql).
 */
export function validatePrometheusRules(file: string, text: string): Issue[] {
  const issues: Issue[] = [];
  const at = { file };
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return [{ message: `not valid YAML: ${(error as Error).message}`, at }];
  }
  const groups = (document as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups)) return [{ message: 'a rule file holds `groups:`, a list', at }];
  const seen = new Set<string>();
  for (const group of groups as Record<string, unknown>[]) {
    const name = group['name'];
    if (typeof name !== 'string' || name === '') issues.push({ message: 'a group has no name', at });
    else if (seen.has(name)) issues.push({ message: `group ${name} is declared twice`, at });
    else seen.add(name);
    for (const rule of (group['rules'] as Record<string, unknown>[] | undefined) ?? []) {
      const name = rule['alert'] ?? rule['record'];
      const label = typeof name === 'string' ? name : '(unnamed)';
      if ((rule['alert'] === undefined) === (rule['record'] === undefined)) {
        issues.push({ message: `rule ${label} must have exactly one of record and alert`, at });
      }
      const expr = rule['expr'];
      if (typeof expr !== 'string' || expr.trim() === '') {
        issues.push({ message: `rule ${label} has no expr`, at });
        continue;
      }
      const problem = promqlProblem(expr);
      if (problem !== undefined) issues.push({ message: `rule ${label}: ${problem}`, at });
    }
  }
  return issues;
}

/** The first syntax error of a PromQL expression, or undefined when it parses. */
export function promqlProblem(expr: string): string | undefined {
  const tree = parser.parse(expr);
  let problem: string | undefined;
  tree.iterate({
    enter(node) {
      if (problem !== undefined) return false;
      if (node.type.isError) {
        problem = `PromQL syntax error at character ${node.from + 1} of \`${expr}\``;
        return false;
      }
      return undefined;
    },
  });
  return problem;
}
