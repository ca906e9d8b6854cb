/**
 * What row-level security costs the database on the flagship's indexed read (`select * from bookings where org_id = $1
 * and id = $2`) and on a scan (`select count(*) from bookings where org_id = $1`, 10,000 rows), apart from HTTP and the
 * runtime: mean planning and execution time over 200 `EXPLAIN ANALYZE` each, and reads of one booking per second from
 * 16 concurrent callers through Keel's `scopedStatements` (the settings in each statement's
 * batch, decision record 0014). Variants of `keel_bookings_select`: the owner without row-level security; the policy
 * `keel gen` writes (factored, each setting read in a scalar subquery, an InitPlan evaluated once per statement rather
 * than once per row: decision record 0006's amendment of 2026-11-25); the policy as first generated (an OR of one term
 * per allowance, settings inline); the factored policy with its settings inline, or only its roles test an InitPlan;
 * and `true`.
 *
 *   node bench/runtime/policies.ts [--seconds 2] [--rounds 3]
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from 'keel';
import { createBenchDatabase } from './bench-database.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '2' }, rounds: { type: 'string', default: '3' } },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);

const bench = await createBenchDatabase();
const { orgId, memberId, bookingIds } = bench.fixture;
const owner = new pg.Client({ connectionString: bench.url });
await owner.connect();
const database = await openDatabase({ url: bench.url });
try {
  // What the runtime's ensureApplicationRole grants.
  await owner.query('grant usage on schema public to keel_app');
  await owner.query('grant select, insert, update, delete on all tables in schema public to keel_app');
  const asApplication: [string, string][] = [
    ['role', 'keel_app'],
    ['keel.tenant', orgId],
    ['keel.principal', memberId],
    ['keel.roles', 'member'],
  ];
  const held = `string_to_array(nullif(current_setting('keel.roles', true), ''), ',')`;
  const tenant = `nullif(current_setting('keel.tenant', true), '')::uuid`;
  const principal = `nullif(current_setting('keel.principal', true), '')::uuid`;
  const generated = await owner.query<{ using: string }>(
    `select pg_get_expr(polqual, polrelid) as using from pg_policy where polname = 'keel_bookings_select'`,
  );
  const term = (role: string, owned: boolean) =>
    `('${role}' = any(${held}) and org_id = ${tenant}${owned ? ` and created_by = ${principal}` : ''})`;
  const variants: Record<string, string | undefined> = {
    'owner, no row-level security': undefined,
    'generated (factored, InitPlans)': generated.rows[0]?.using,
    'one term per allowance, inline': [
      term('member', false),
      term('integration', false),
      term('admin', false),
      term('member', true),
      term('integration', true),
    ].join(' or '),
    'factored, settings inline': `org_id = ${tenant} and ${held} && array['admin', 'integration', 'member']`,
    'factored, only the roles an InitPlan': `org_id = ${tenant} and (select ${held} && array['admin', 'integration', 'member'])`,
    true: 'true',
  };
  console.log('                                      one booking (ms)    the tenant’s count (ms)');
  console.log('variant                               planning  execution  planning  execution  reads of one/s');
  const explain = async (text: string, parameters: unknown[]) => {
    const { rows } = await owner.query<{ 'QUERY PLAN': [{ 'Planning Time': number; 'Execution Time': number }] }>(
      `explain (analyze, format json) ${text}`,
      parameters,
    );
    const [plan] = rows[0]?.['QUERY PLAN'] ?? [];
    return { planning: plan?.['Planning Time'] ?? 0, execution: plan?.['Execution Time'] ?? 0 };
  };
  for (const [name, using] of Object.entries(variants)) {
    const settings = using === undefined ? asApplication.slice(1) : asApplication;
    if (using !== undefined) {
      await owner.query('drop policy if exists keel_bookings_select on bookings');
      await owner.query(`create policy keel_bookings_select on bookings for select to keel_app using (${using})`);
    }
    const read = (id: string) =>
      database.scopedStatements(settings, (db) =>
        db.selectFrom('bookings').selectAll().where('org_id', '=', orgId).where('id', '=', id).execute(),
      );
    const [row] = await read(bookingIds[0] ?? '');
    if (row === undefined) throw new Error(`${name}: the member's booking is not visible`);

    await owner.query('begin');
    for (const [setting, value] of settings) await owner.query('select set_config($1, $2, true)', [setting, value]);
    const one = { planning: 0, execution: 0 };
    const count = { planning: 0, execution: 0 };
    for (let index = 0; index < 300; index += 1) {
      const read = await explain('select * from bookings where org_id = $1 and id = $2', [
        orgId,
        bookingIds[index % bookingIds.length],
      ]);
      const counted = await explain('select count(*) from bookings where org_id = $1', [orgId]);
      // The first 100 warm the caches.
      if (index < 100) continue;
      one.planning += read.planning / 200;
      one.execution += read.execution / 200;
      count.planning += counted.planning / 200;
      count.execution += counted.execution / 200;
    }
    await owner.query('commit');

    const rates: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      let done = 0;
      const end = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: 16 }, async (_, caller) => {
          for (let index = caller * 97; performance.now() < end; index += 1) {
            await read(bookingIds[index % bookingIds.length] ?? '');
            done += 1;
          }
        }),
      );
      rates.push(Math.round(done / seconds));
    }
    const ms = (value: number) => value.toFixed(3).padStart(8);
    console.log(
      `${name.padEnd(38)}${ms(one.planning)}${ms(one.execution)}  ${ms(count.planning)}${ms(count.execution)}   ${rates.join(' ')}`,
    );
  }
} finally {
  await database.close();
  await owner.end();
  await bench.drop();
}
