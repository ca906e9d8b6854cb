import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { deployBundle, validateBundle } from './deploy-bundle.ts';
import { deploySettings } from './deploy-settings.ts';

const settings = deploySettings({ name: 'Shop API' }, '1.2.0');
const fresh = (): Map<string, string> => deployBundle(settings, undefined, undefined);
const folder = 'releases/1.2.0/deploy';
const messages = (files: ReadonlyMap<string, string>): string[] => validateBundle(files).map((issue) => issue.message);

/** The bundle with one file's text changed. */
function edited(file: string, change: (text: string) => string): Map<string, string> {
  const files = fresh();
  files.set(`${folder}/${file}`, change(files.get(`${folder}/${file}`) ?? ''));
  return files;
}

interface DeploymentShape {
  spec: {
    replicas?: unknown;
    strategy: { rollingUpdate: { maxUnavailable: number } };
    template: {
      spec: {
        terminationGracePeriodSeconds: number;
        containers: { name?: string; livenessProbe: { httpGet: { path: string } }; lifecycle?: unknown }[];
      };
    };
  };
}

/** The bundle with the Deployment (first object of 10-deployment.yaml) changed. */
function deploymentEdited(change: (deployment: DeploymentShape) => void): Map<string, string> {
  return edited('k8s/10-deployment.yaml', (text) => {
    const documents = text.split('---\n').map((document) => parse(document) as unknown);
    change(documents[0] as DeploymentShape);
    return documents.map((document) => stringify(document)).join('---\n');
  });
}

test('a fresh bundle validates: Dockerfile, manifests against the Kubernetes schemas, rollout practice, rules', () => {
  const files = fresh();
  assert.deepEqual(messages(files), []);
  assert.equal(settings.name, 'shop-api');
  assert.match(files.get(`${folder}/Dockerfile`) ?? '', /^CMD \["node", "releases\/1\.2\.0\/deploy\/server\.mjs"\]$/m);
});

test('the Dockerfile check flags a single stage, root, a shell-form CMD and no HEALTHCHECK', () => {
  const files = edited('Dockerfile', () => 'FROM node:24-slim\nWORKDIR /app\nCOPY . .\nCMD node server.mjs\n');
  assert.deepEqual(
    validateBundle(files).map((issue) => [issue.message, issue.at.line]),
    [
      ['a single stage: build tools and caches end up in the runtime image', 1],
      ['the runtime stage runs as root (no USER)', 1],
      ['CMD is in shell form: /bin/sh becomes process 1 and SIGTERM never reaches node', 4],
      ['the runtime stage has no HEALTHCHECK', 1],
    ],
  );
});

test('the Kubernetes schemas reject a malformed manifest', () => {
  const files = deploymentEdited((deployment) => {
    deployment.spec.replicas = 'two';
    const [container] = deployment.spec.template.spec.containers;
    if (container !== undefined) delete container.name;
  });
  assert.deepEqual(messages(files).sort(), [
    'apps/v1 Deployment shop-api: /spec/replicas must be integer',
    'apps/v1 Deployment shop-api: /spec/template/spec/containers/0 must have required property name',
  ]);
});

test('the rollout checks flag maxUnavailable, a liveness probe on /readyz, no preStop and a short grace period', () => {
  const files = deploymentEdited((deployment) => {
    deployment.spec.strategy.rollingUpdate.maxUnavailable = 1;
    const pod = deployment.spec.template.spec;
    pod.terminationGracePeriodSeconds = 20;
    const [container] = pod.containers;
    if (container === undefined) return;
    container.livenessProbe.httpGet.path = '/readyz';
    delete container.lifecycle;
  });
  const found = messages(files);
  assert.equal(found.length, 4, found.join('\n'));
  assert.match(found[0] ?? '', /maxUnavailable is not 0/);
  assert.match(found[1] ?? '', /liveness probe asks \/readyz/);
  assert.match(found[2] ?? '', /no preStop sleep/);
  assert.match(
    found[3] ?? '',
    /terminationGracePeriodSeconds 20 is not longer than the preStop sleep and the 20 s drain/,
  );
});

test('a bundle without its migration Job or autoscaler is flagged', () => {
  const files = fresh();
  files.delete(`${folder}/k8s/00-migrate-job.yaml`);
  const deployment = (files.get(`${folder}/k8s/10-deployment.yaml`) ?? '').split('---\n');
  files.set(`${folder}/k8s/10-deployment.yaml`, [deployment[0], deployment[1], deployment[3]].join('---\n'));
  assert.deepEqual(messages(files), [
    'no HorizontalPodAutoscaler scales the Deployment',
    'no migration Job: the rollout would start pods whose migrations are not applied',
  ]);
});

test('a rule whose PromQL does not parse is flagged', () => {
  const files = edited('monitoring/prometheus-rules.yaml', (text) => text.replace('sum(rate(', 'sum(rate(('));
  const found = messages(files);
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0] ?? '', /^rule keel:http_server_errors:ratio_rate5m: PromQL syntax error/);
});

test('promtool accepts the generated rules (when Debian’s prometheus package is installed)', async (t) => {
  if (!existsSync('/usr/bin/promtool')) {
    t.skip('promtool is not installed: the PromQL grammar test above stands in for it');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'keel-rules-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const good = join(dir, 'good.yaml');
  await writeFile(good, fresh().get(`${folder}/monitoring/prometheus-rules.yaml`) ?? '');
  assert.match(execFileSync('/usr/bin/promtool', ['check', 'rules', good], { encoding: 'utf8' }), /SUCCESS/);
});
