import type { TestRun } from './run-test-suites.ts';

/** The acceptance criteria as a Markdown table, each with its tests and outcome: kept with the evidence. */
export function acceptanceReport(run: TestRun): string {
  const lines = [
    '# Acceptance criteria and their tests',
    '',
    '| criterion | operation | status | tests |',
    '|---|---|---|---|',
  ];
  for (const criterion of run.criteria) {
    const tests = criterion.tests.map((test) => `${test.name} (${test.file}: ${test.outcome})`).join('<br>') || '—';
    lines.push(`| ${criterion.id} | ${criterion.operation} | ${criterion.status} | ${tests.replaceAll('|', '\\|')} |`);
  }
  const proven = run.criteria.filter((criterion) => criterion.status === 'passed').length;
  lines.push('', `${proven} of ${run.criteria.length} criteria have a passing test.`, '');
  return lines.join('\n');
}
