import type { DeploySettings } from './deploy-settings.ts';

/** A Kubernetes object as plain data, ready to be written as YAML and validated against the API's schemas. */
export type KubernetesObject = Readonly<Record<string, unknown>> & {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
};

/** A manifest file of the bundle: its name under `k8s/` (numbered in the order to apply) and its objects. */
export interface Manifest {
  readonly file: string;
  readonly objects: readonly KubernetesObject[];
}

/**
 * The Kubernetes manifests of a release, in the order to apply them: the migration Job (wait for it to complete),
 * then the Deployment with its Service, autoscaler and disruption budget. The database URL comes from a Secret named
 * `<name>-database` (key `url`) that the operator creates; Redis, when used, from `<name>-redis` (key `url`, optional).
 */
export function kubernetesManifests(settings: DeploySettings): Manifest[] {
  const { name, version } = settings;
  const labels = {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/version': version,
    'app.kubernetes.io/managed-by': 'keel',
  };
  const selector = { 'app.kubernetes.io/name': name };
  const env = [
    { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: `${name}-database`, key: 'url' } } },
    { name: 'REDIS_URL', valueFrom: { secretKeyRef: { name: `${name}-redis`, key: 'url', optional: true } } },
  ];
  const securityContext = {
    runAsNonRoot: true,
    runAsUser: 1000,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  };
  const migrationJob: KubernetesObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `${name}-migrate-${version.replaceAll('.', '-')}`,
      labels: { ...labels, 'app.kubernetes.io/component': 'migration' },
      // Argo CD and Helm run it before the Deployment changes; with kubectl, apply it and wait first (DEPLOY.md).
      annotations: { 'argocd.argoproj.io/hook': 'PreSync', 'helm.sh/hook': 'pre-install,pre-upgrade' },
    },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: 1800,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: { ...labels, 'app.kubernetes.io/component': 'migration' } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'migrate',
              image: settings.image,
              // Through npm's link to keel's bin, which names whatever file the installed keel runs (decision 0015).
              command: ['node', 'node_modules/.bin/keel', 'db', 'migrate', '--json'],
              env: env.slice(0, 1),
              securityContext,
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            },
          ],
        },
      },
    },
  };
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    timeoutSeconds: 2,
    failureThreshold,
  });
  const deployment: KubernetesObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      minReadySeconds: 5,
      revisionHistoryLimit: 5,
      template: {
        metadata: {
          labels,
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(settings.port),
            'prometheus.io/path': '/metrics',
          },
        },
        spec: {
          terminationGracePeriodSeconds: settings.terminationGraceSeconds,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'api',
              image: settings.image,
              ports: [{ name: 'http', containerPort: settings.port }],
              env: [
                ...env,
                { name: 'KEEL_MIGRATE', value: 'false' },
                { name: 'KEEL_DRAIN_SECONDS', value: String(settings.drainSeconds) },
              ],
              // Start-up may take a while (a cold pool, keys); liveness waits for it rather than killing the pod.
              startupProbe: probe('/healthz', 2, 30),
              // Readiness asks the database and the migration level: a pod that cannot serve leaves the Service.
              readinessProbe: probe('/readyz', 5, 2),
              // Liveness asks only the process: a database outage must not restart every pod at once.
              livenessProbe: probe('/healthz', 10, 3),
              lifecycle: { preStop: { exec: { command: ['sleep', String(settings.preStopSeconds)] } } },
              securityContext,
              resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
            },
          ],
        },
      },
    },
  };
  const service: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels },
    spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
  const autoscaler: KubernetesObject = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, labels },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: settings.minReplicas,
      maxReplicas: settings.maxReplicas,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  };
  const disruptionBudget: KubernetesObject = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, labels },
    spec: { minAvailable: 1, selector: { matchLabels: selector } },
  };
  return [
    { file: '00-migrate-job.yaml', objects: [migrationJob] },
    { file: '10-deployment.yaml', objects: [deployment, service, autoscaler, disruptionBudget] },
  ];
}
