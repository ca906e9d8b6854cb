import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { contractStage } from '../../contract/contract-stage.ts';
import { createCheckContext } from '../../journey/check-context.ts';
import { loadProject } from '../../project/index.ts';
import { requirementsStage } from '../../requirements/requirements-stage.ts';
import { validatePrometheusRules } from '../bundle/validate-rules.ts';
import { alertRules, type PrometheusRule } from './alert-rules.ts';

const flagship = new URL('../../../../../examples/bookings/', import.meta.url).pathname;

async function flagshipRules() {
  const context = createCheckContext(await loadProject(flagship));
  const [requirements, contract] = await Promise.all([context.model(requirementsStage), context.model(contractStage)]);
  assert.ok(requirements !== undefined && contract !== undefined);
  return alertRules('bookings', requirements, contract);
}

const alertsOf = (rules: Awaited<ReturnType<typeof flagshipRules>>) =>
  rules.groups
    .flatMap((group) => group.rules)
    .filter((rule): rule is Extract<PrometheusRule, { alert: string }> => 'alert' in rule);

test('the flagship’s 99.9 % availability target becomes multi-window, multi-burn-rate alerts', async () => {
  const alerts = alertsOf(await flagshipRules());
  const fast = alerts.find((alert) => alert.alert === 'BookingsErrorBudgetBurnFast');
  const slow = alerts.find((alert) => alert.alert === 'BookingsErrorBudgetBurnSlow');
  assert.equal(fast?.labels['severity'], 'page');
  assert.equal(slow?.labels['severity'], 'ticket');
  assert.equal(fast?.labels['requirement'], 'NFR-AVAIL-1');
  // Budget 0.1 %: 14.4x over 1h and 5m, 6x over 6h and 30m (page); 3x over 1d and 2h, 1x over 3d and 6h (ticket).
  for (const [long, short, burn] of [
    ['1h', '5m', '14.4'],
    ['6h', '30m', '6'],
  ] as const) {
    assert.ok(
      fast?.expr.includes(
        `ratio_rate${long}{service="bookings"} > (${burn} * 0.001) and keel:http_server_errors:ratio_rate${short}{service="bookings"} > (${burn} * 0.001)`,
      ),
      fast?.expr,
    );
  }
  for (const [long, short, burn] of [
    ['1d', '2h', '3'],
    ['3d', '6h', '1'],
  ] as const) {
    assert.ok(
      slow?.expr.includes(
        `ratio_rate${long}{service="bookings"} > (${burn} * 0.001) and keel:http_server_errors:ratio_rate${short}{service="bookings"} > (${burn} * 0.001)`,
      ),
      slow?.expr,
    );
  }
});

test('each latency target becomes p95 and p99 alerts on the operations that realise its requirement', async () => {
  const alerts = alertsOf(await flagshipRules());
  const booking = alerts.filter((alert) => alert.labels['requirement'] === 'NFR-LAT-1');
  assert.deepEqual(
    booking.map((alert) => [alert.labels['severity'], alert.expr]),
    [
      [
        'ticket',
        'histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="bookings",method="POST",route="/v1/orgs/{orgId}/bookings"}[5m]))) > 0.15',
      ],
      [
        'page',
        'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="bookings",method="POST",route="/v1/orgs/{orgId}/bookings"}[5m]))) > 0.4',
      ],
    ],
  );
  const names = alerts.map((alert) => alert.alert);
  assert.equal(new Set(names).size, names.length, 'alert names are unique');
  assert.ok(alerts.some((alert) => alert.labels['requirement'] === 'NFR-THR-1' && alert.expr.endsWith('> 600')));
});

test('the flagship’s rules parse, and promtool’s rule tests fire the fast burn only when the budget burns', async (t) => {
  const rules = await flagshipRules();
  const text = stringify(rules, { lineWidth: 0 });
  assert.deepEqual(validatePrometheusRules('rules.yaml', text), []);
  if (!existsSync('/usr/bin/promtool')) {
    t.skip('promtool is not installed');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'keel-promtool-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'rules.yaml'), text);
  const series = (errorsPerMinute: number) => [
    {
      series: 'http_server_request_duration_seconds_count{service="bookings",method="GET",route="/v1/x",status="200"}',
      values: `0+${100 - errorsPerMinute}x120`,
    },
    {
      series: 'http_server_request_duration_seconds_count{service="bookings",method="GET",route="/v1/x",status="500"}',
      values: `0+${errorsPerMinute}x120`,
    },
  ];
  const alert = (errorsPerMinute: number, fires: boolean) => ({
    interval: '1m',
    input_series: series(errorsPerMinute),
    alert_rule_test: [
      {
        eval_time: '100m',
        alertname: 'BookingsErrorBudgetBurnFast',
        exp_alerts: fires
          ? [
              {
                exp_labels: { severity: 'page', service: 'bookings', requirement: 'NFR-AVAIL-1' },
                exp_annotations: alertsOf(rules).find((a) => a.alert === 'BookingsErrorBudgetBurnFast')?.annotations,
              },
            ]
          : [],
      },
    ],
  });
  // 2 % errors burns a 0.1 % budget 20x: it pages. 0.1 % burns it 1x: it does not.
  await writeFile(
    join(dir, 'test.yaml'),
    stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: [alert(2, true), alert(0.1, false)] }),
  );
  const output = execFileSync('/usr/bin/promtool', ['test', 'rules', join(dir, 'test.yaml')], { encoding: 'utf8' });
  assert.match(output, /SUCCESS/);
});
