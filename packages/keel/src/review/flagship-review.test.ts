import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { loadProject } from '../project/index.ts';
import { runReview } from './run-review.ts';

const flagship = fileURLToPath(new URL('../../../../examples/bookings', import.meta.url));

test('the flagship, as committed, reviews clean: every file, no blocker and no high', async () => {
  // HEAD against itself, --all: every file of examples/bookings through the code checks, as the repository holds it
  // (uncommitted work in progress is the next review's business).
  const report = await runReview(await loadProject(flagship), { base: 'HEAD', head: 'HEAD', all: true, audit: false });
  assert.deepEqual(
    report.findings
      .filter((finding) => finding.severity === 'blocker' || finding.severity === 'high')
      .map(
        (finding) =>
          `${finding.severity} ${finding.rule} ${finding.location.file}:${finding.location.line ?? 0}: ${finding.message}`,
      ),
    [],
  );
  assert.equal(report.ok, true);
  assert.ok(report.checks.some((check) => check.startsWith('eslint')));
});
