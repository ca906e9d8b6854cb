import { parseAllDocuments } from 'yaml';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { Issue } from '../../journey/finding.ts';

/** The kinds a bundle holds, each with the validator generated from the Kubernetes OpenAPI schema (kubernetes-models). */
const models: Readonly<Record<string, new (data: never) => { validate(): void }>> = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'autoscaling/v2 HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1 Job': Job,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
};

export interface ParsedObject {
  readonly file: string;
  readonly line: number;
  readonly object: Record<string, unknown>;
}

/** Parses manifest files into objects, reporting YAML errors and objects of a kind the bundle does not use. */
export function parseManifests(files: ReadonlyMap<string, string>): { objects: ParsedObject[]; issues: Issue[] } {
  const objects: ParsedObject[] = [];
  const issues: Issue[] = [];
  for (const [file, text] of files) {
    for (const document of parseAllDocuments(text)) {
      const line = lineAt(text, document.range[0]);
      if (document.errors.length > 0) {
        issues.push({ message: `not valid YAML: ${document.errors[0]?.message ?? ''}`, at: { file, line } });
        continue;
      }
      const object: unknown = document.toJS();
      if (object === null || object === undefined) continue;
      if (typeof object !== 'object' || Array.isArray(object)) {
        issues.push({ message: 'a manifest document is not a mapping', at: { file, line } });
        continue;
      }
      objects.push({ file, line, object: object as Record<string, unknown> });
    }
  }
  return { objects, issues };
}

/** Validates each object against the schema of its kind (apiVersion and kind pick the schema). */
export function validateAgainstSchemas(objects: readonly ParsedObject[]): Issue[] {
  return objects.flatMap(({ file, line, object }): Issue[] => {
    const key = `${String(object['apiVersion'])} ${String(object['kind'])}`;
    const Model = models[key];
    if (Model === undefined) {
      return [
        {
          message: `${key} is not a kind of a Keel deploy bundle (${Object.keys(models).join(', ')})`,
          at: { file, line },
        },
      ];
    }
    try {
      new Model(object as never).validate();
      return [];
    } catch (error) {
      const details = (error as { errors?: { instancePath?: string; message?: string }[] }).errors;
      return (details ?? [{ instancePath: '', message: (error as Error).message }]).map((detail) => ({
        message: `${key} ${nameOf(object)}: ${detail.instancePath || '/'} ${detail.message ?? 'is not valid'}`,
        at: { file, line },
      }));
    }
  });
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function nameOf(object: Record<string, unknown>): string {
  const name = (object['metadata'] as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : '';
}
