/**
 * `keel review` on a 20-file change, warm: a repository made from the review's test fixture, a branch adding twenty
 * handler modules, reviewed three times in one process (the first run loads the TypeScript compiler and ESLint).
 * Issue 7's aim: under 10 seconds warm. Usage: node bench/review.ts [--runs N]
 */
import { parseArgs } from 'node:util';
import { loadProject } from '../packages/keel/src/project/index.ts';
import { runReview } from '../packages/keel/src/review/run-review.ts';
import { createTestRepository } from '../packages/keel/src/review/test-repository.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const repo = await createTestRepository();
await repo.git('checkout', '-q', '-b', 'twenty');
const files: Record<string, string> = {};
for (let i = 1; i <= 20; i++) {
  files[`src/module-${i}.ts`] = `import type { Kysely } from 'kysely';

interface Database {
  bookings: { id: string; org_id: string; notes: string | null };
}

interface Context {
  readonly params: { readonly orgId: string; readonly bookingId: string };
  readonly query: { readonly limit?: number };
  readonly db: Kysely<Database>;
  readonly problem: (status: number, code: string, detail: string) => { readonly status: number };
}

export const handlers${i} = {
  async listThings${i}({ params, query, db }: Context) {
    const limit = query.limit ?? 20;
    const rows = await db.selectFrom('bookings').selectAll().where('org_id', '=', params.orgId).limit(limit + 1).execute();
    return { status: 200, body: { items: rows.slice(0, limit) } };
  },
  async getThing${i}({ params, db, problem }: Context) {
    const row = await db.selectFrom('bookings').selectAll().where('id', '=', params.bookingId).executeTakeFirst();
    if (row === undefined) return problem(404, 'KEEL_NOT_FOUND', 'No such thing.');
    return { status: 200, body: row };
  },
};
`;
}
await repo.write(files);
await repo.commit('Twenty modules');
const project = await loadProject(repo.dir);
for (let run = 1; run <= Number(values.runs); run++) {
  const started = performance.now();
  const report = await runReview(project, { audit: false });
  process.stdout.write(
    `run ${run}: ${((performance.now() - started) / 1000).toFixed(2)} s, ${report.files.length} files, ${report.findings.length} findings\n`,
  );
}
await repo.dispose();
