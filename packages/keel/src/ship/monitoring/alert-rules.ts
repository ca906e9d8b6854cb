import type { ContractModel } from '../../contract/contract-model.ts';
import type { Requirements } from '../../requirements/requirements-model.ts';
import { nfrKinds } from '../../requirements/nfr-quantity.ts';
import { requestDurationMetric } from '../../runtime/metrics.ts';

/** A Prometheus rule file: groups of recording and alerting rules. */
export interface PrometheusRules {
  readonly groups: readonly RuleGroup[];
}

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly PrometheusRule[];
}

export type PrometheusRule =
  | { readonly record: string; readonly expr: string; readonly labels?: Readonly<Record<string, string>> }
  | {
      readonly alert: string;
      readonly expr: string;
      readonly for?: string;
      readonly labels: Readonly<Record<string, string>>;
      readonly annotations: Readonly<Record<string, string>>;
    };

/**
 * The multi-window, multi-burn-rate alerts of Google's SRE workbook (chapter 5, table 5-8): a fast burn pages when
 * both its long and short window burn the budget that fast; a slow burn opens a ticket.
 */
export const burnRateWindows = [
  { long: '1h', short: '5m', burn: 14.4, severity: 'page' },
  { long: '6h', short: '30m', burn: 6, severity: 'page' },
  { long: '1d', short: '2h', burn: 3, severity: 'ticket' },
  { long: '3d', short: '6h', burn: 1, severity: 'ticket' },
] as const;

const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/**
 * Prometheus rules derived from requirements.yaml's non-functional targets: an availability target becomes error-budget
 * burn-rate alerts, a latency target p95/p99 alerts on the operations that realise its requirement (from the
 * contract's `x-requirements`), a throughput peak a capacity alert. Series are selected by the `service` label the
 * runtime puts on every metric.
 */
export function alertRules(
  service: string,
  requirements: Requirements | undefined,
  contract: ContractModel | undefined,
): PrometheusRules {
  const selector = `service="${service}"`;
  const errorRatio = (window: string): string => `keel:http_server_errors:ratio_rate${window}`;
  const groups: RuleGroup[] = [
    {
      name: `${service}-slo-recording`,
      rules: windows.map((window) => ({
        record: errorRatio(window),
        expr: `sum(rate(${requestDurationMetric}_count{${selector},status=~"5.."}[${window}])) / sum(rate(${requestDurationMetric}_count{${selector}}[${window}]))`,
        labels: { service },
      })),
    },
  ];
  const alerts: PrometheusRule[] = [];
  for (const nfr of requirements?.nonFunctional ?? []) {
    if (nfr.kind === 'availability') {
      const target = quantity(
        nfr.targets.find((t) => t.measure === 'target'),
        'availability',
      );
      if (target === undefined || target >= 100 || target <= 0) continue;
      const budget = round(1 - target / 100);
      for (const severity of ['page', 'ticket'] as const) {
        const conditions = burnRateWindows
          .filter((window) => window.severity === severity)
          .map(
            (w) =>
              `(${errorRatio(w.long)}{service="${service}"} > (${w.burn} * ${budget}) and ${errorRatio(w.short)}{service="${service}"} > (${w.burn} * ${budget}))`,
          );
        alerts.push({
          alert: `${pascal(service)}ErrorBudgetBurn${severity === 'page' ? 'Fast' : 'Slow'}`,
          expr: conditions.join(' or '),
          ...(severity === 'ticket' ? { for: '1h' } : { for: '2m' }),
          labels: { severity, service, requirement: nfr.id },
          annotations: {
            summary: `${service} is burning its ${target}% availability error budget ${severity === 'page' ? 'fast' : 'steadily'} (${nfr.id})`,
            description: `5xx responses over the ${severity === 'page' ? '1h/5m or 6h/30m' : '1d/2h or 3d/6h'} windows exceed the burn rate that would spend the monthly budget of ${round(budget * 100)}% early.`,
          },
        });
      }
    }
    if (nfr.kind === 'latency') {
      const routes = routesOf(nfr.operation, contract);
      for (const measure of ['p95', 'p99'] as const) {
        const ms = quantity(
          nfr.targets.find((t) => t.measure === measure),
          'latency',
        );
        if (ms === undefined) continue;
        const q = measure === 'p95' ? '0.95' : '0.99';
        for (const route of routes) {
          const labels =
            route === undefined
              ? `${selector},route!="unmatched"`
              : `${selector},method="${route.method}",route="${route.path}"`;
          alerts.push({
            alert: `${pascal(service)}Latency${measure.toUpperCase()}${route === undefined ? '' : pascal(route.operationId || `${route.method} ${route.path}`)}`,
            expr: `histogram_quantile(${q}, sum by (le) (rate(${requestDurationMetric}_bucket{${labels}}[5m]))) > ${round(ms / 1000)}`,
            for: '10m',
            labels: { severity: measure === 'p99' ? 'page' : 'ticket', service, requirement: nfr.id },
            annotations: {
              summary: `${measure} latency of ${route === undefined ? service : `${route.method.toUpperCase()} ${route.path}`} above ${ms} ms (${nfr.id})`,
              description: `The ${measure} of request durations over 5 minutes has stayed above the ${ms} ms target of ${nfr.id} for 10 minutes.`,
            },
          });
        }
      }
    }
    if (nfr.kind === 'throughput') {
      const peak = quantity(
        nfr.targets.find((t) => t.measure === 'peak'),
        'throughput',
      );
      if (peak === undefined) continue;
      const routes = routesOf(nfr.operation, contract);
      const matchers =
        routes[0] === undefined
          ? [`${selector},route!="unmatched"`]
          : routes.flatMap((r) => (r === undefined ? [] : [`${selector},method="${r.method}",route="${r.path}"`]));
      alerts.push({
        alert: `${pascal(service)}TrafficAbovePeak${nfr.operation === undefined ? '' : pascal(nfr.operation)}`,
        expr: `(${matchers.map((m) => `sum(rate(${requestDurationMetric}_count{${m}}[5m]))`).join(' + ')}) > ${peak}`,
        for: '10m',
        labels: { severity: 'ticket', service, requirement: nfr.id },
        annotations: {
          summary: `${service} serves more than the ${peak} req/s peak it was sized for (${nfr.id})`,
          description:
            'Traffic has stayed above the declared peak for 10 minutes: check the autoscaler and the database, and revise the target.',
        },
      });
    }
  }
  groups.push({ name: `${service}-slo-alerts`, rules: alerts });
  return { groups };
}

interface Route {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
}

/** The operations realising a requirement; `[undefined]` (the whole service) when the target names none. */
function routesOf(requirement: string | undefined, contract: ContractModel | undefined): (Route | undefined)[] {
  if (requirement === undefined) return [undefined];
  return (contract?.operations ?? [])
    .filter((operation) => operation.requirements.some((cited) => cited.value === requirement))
    .map((operation) => ({
      method: operation.method.toUpperCase(),
      path: operation.path,
      operationId: operation.operationId,
    }));
}

/** A target in its kind's base unit (ms, %, req/s); undefined when it was not a number with a known unit. */
function quantity(
  target: { readonly quantity?: { readonly value: number; readonly unit: string } } | undefined,
  kind: 'latency' | 'availability' | 'throughput',
): number | undefined {
  if (target?.quantity === undefined) return undefined;
  const unit = nfrKinds[kind].units.find((u) => u.unit === target.quantity?.unit);
  return unit === undefined ? undefined : round(target.quantity.value * unit.factor);
}

const round = (value: number): number => Math.round(value * 1e9) / 1e9;

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => (part[0] ?? '').toUpperCase() + part.slice(1))
    .join('');
}
