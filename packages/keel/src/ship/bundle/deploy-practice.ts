import type { Issue } from '../../journey/finding.ts';
import type { ParsedObject } from './validate-kubernetes.ts';

type Json = Record<string, unknown>;
const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? (node as Json)[key] : undefined),
    value,
  );

/**
 * What the schemas cannot say and a zero-downtime rollout needs: a Deployment that never goes below its replicas,
 * the three probes with liveness on the process alone, a pre-stop pause, a grace period longer than the pause and the
 * drain, a Service and an autoscaler for it, and a migration Job.
 */
export function checkDeployPractice(objects: readonly ParsedObject[]): Issue[] {
  const issues: Issue[] = [];
  const ofKind = (kind: string) => objects.filter(({ object }) => object['kind'] === kind);
  const deployments = ofKind('Deployment');
  const first = objects[0];
  const nowhere = { file: first?.file ?? 'k8s', line: 1 };
  if (deployments.length === 0) issues.push({ message: 'no Deployment', at: nowhere });
  for (const { file, line, object } of deployments) {
    const at = { file, line };
    const name = String(get(object, 'metadata', 'name'));
    if (get(object, 'spec', 'strategy', 'rollingUpdate', 'maxUnavailable') !== 0) {
      issues.push({
        message: `Deployment ${name}: rollingUpdate.maxUnavailable is not 0, so a rollout may take serving pods away first`,
        at,
        fix: 'Set spec.strategy.rollingUpdate.maxUnavailable: 0 and maxSurge: 1.',
      });
    }
    const containers = (get(object, 'spec', 'template', 'spec', 'containers') as Json[] | undefined) ?? [];
    const grace = Number(get(object, 'spec', 'template', 'spec', 'terminationGracePeriodSeconds') ?? 30);
    for (const container of containers) {
      const cname = `Deployment ${name} container ${String(container['name'])}`;
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        if (container[probe] === undefined) issues.push({ message: `${cname} has no ${probe}`, at });
      }
      const liveness = get(container, 'livenessProbe', 'httpGet', 'path');
      if (liveness === '/readyz') {
        issues.push({
          message: `${cname}: the liveness probe asks /readyz, which checks the database: an outage would restart every pod`,
          at,
          fix: 'Point livenessProbe at /healthz (the process alone) and keep /readyz for readinessProbe.',
        });
      }
      const preStop = get(container, 'lifecycle', 'preStop', 'exec', 'command') as unknown[] | undefined;
      const pause = Number(
        preStop?.[0] === 'sleep'
          ? preStop[1]
          : (get(container, 'lifecycle', 'preStop', 'sleep', 'seconds') ?? Number.NaN),
      );
      if (Number.isNaN(pause)) {
        issues.push({
          message: `${cname} has no preStop sleep: the pod gets SIGTERM while the Service still sends it requests`,
          at,
          fix: 'Add lifecycle.preStop.exec.command: ["sleep", "5"].',
        });
      }
      const env = (container['env'] as Json[] | undefined) ?? [];
      const drain = Number(env.find((entry) => entry['name'] === 'KEEL_DRAIN_SECONDS')?.['value'] ?? 20);
      if (!(grace > (Number.isNaN(pause) ? 0 : pause) + drain)) {
        issues.push({
          message: `${cname}: terminationGracePeriodSeconds ${grace} is not longer than the preStop sleep and the ${drain} s drain together`,
          at,
          fix: `Set terminationGracePeriodSeconds above ${(Number.isNaN(pause) ? 0 : pause) + drain}.`,
        });
      }
      if (
        get(container, 'securityContext', 'runAsNonRoot') !== true &&
        get(object, 'spec', 'template', 'spec', 'securityContext', 'runAsNonRoot') !== true
      ) {
        issues.push({ message: `${cname} may run as root (no runAsNonRoot: true)`, at });
      }
    }
  }
  const names = new Set(deployments.map(({ object }) => String(get(object, 'metadata', 'name'))));
  if (!ofKind('Service').some(({ object }) => get(object, 'spec', 'selector') !== undefined)) {
    issues.push({ message: 'no Service selects the Deployment’s pods', at: nowhere });
  }
  if (
    !ofKind('HorizontalPodAutoscaler').some(({ object }) =>
      names.has(String(get(object, 'spec', 'scaleTargetRef', 'name'))),
    )
  ) {
    issues.push({ message: 'no HorizontalPodAutoscaler scales the Deployment', at: nowhere });
  }
  if (ofKind('Job').length === 0) {
    issues.push({
      message: 'no migration Job: the rollout would start pods whose migrations are not applied',
      at: nowhere,
    });
  }
  return issues;
}
