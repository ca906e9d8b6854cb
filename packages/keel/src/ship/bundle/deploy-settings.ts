import { serviceName } from '../../runtime/metrics.ts';

/** The numbers a deploy bundle is written with, kept together so that the manifests agree with each other. */
export interface DeploySettings {
  /** A DNS-1123 name for the Kubernetes objects. */
  readonly name: string;
  readonly version: string;
  /** `name:version`: the image the Dockerfile builds and the manifests run. */
  readonly image: string;
  /** `releases/<version>/deploy`, relative to the project root (the image's working directory is the root). */
  readonly folder: string;
  readonly port: number;
  /** Time a pod keeps serving after it is taken out of the Service's endpoints, before SIGTERM reaches Node. */
  readonly preStopSeconds: number;
  /** Time the server lets in-flight requests finish after SIGTERM. */
  readonly drainSeconds: number;
  /** Longer than the pre-stop sleep and the drain together, so the kubelet never kills a draining pod. */
  readonly terminationGraceSeconds: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** The Node.js major version of the base image. */
  readonly nodeMajor: number;
}

export function deploySettings(project: { readonly name: string }, version: string): DeploySettings {
  const name = serviceName(project.name);
  const preStopSeconds = 5;
  const drainSeconds = 20;
  return {
    name,
    version,
    image: `${name}:${version}`,
    folder: `releases/${version}/deploy`,
    port: 8080,
    preStopSeconds,
    drainSeconds,
    terminationGraceSeconds: preStopSeconds + drainSeconds + 10,
    minReplicas: 2,
    maxReplicas: 10,
    nodeMajor: Number(process.versions.node.split('.')[0]),
  };
}
