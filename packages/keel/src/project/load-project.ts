import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { KeelError } from '../errors/index.ts';
import { readSourceFile, splitPointer } from '../source/index.ts';
import {
  defaultRateLimits,
  operationClasses,
  parseRateLimit,
  type OperationClass,
  type RateLimit,
  type RateLimitsConfig,
} from '../runtime/rate-limit-config.ts';
import { defaultRuntimeConfig, keelConfigSchema, type KeelConfig, type MutationConfig } from './keel-config.ts';

/** A Keel project on disk: its root folder, its settings and the absolute paths of its artifacts. */
export interface Project {
  readonly root: string;
  readonly config: KeelConfig;
  readonly paths: {
    readonly contract: string;
    readonly migrations: string;
    readonly seeds: string;
    readonly handlers: string;
    readonly requirements: string;
    readonly architecture: string;
    readonly decisions: string;
    readonly data: string;
    readonly evidence: string;
  };
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateConfig = ajv.compile(keelConfigSchema);

/** Loads `keel.yaml` from a project folder (an absent keel.yaml means every default). */
export async function loadProject(dir: string): Promise<Project> {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new KeelError('KEEL_PROJECT_NOT_FOUND', `${dir} is not a folder`, { location: { file: dir } });
  }
  const configPath = resolve(root, 'keel.yaml');
  let raw: Record<string, unknown> = {};
  if (existsSync(configPath)) {
    const source = await readSourceFile(configPath, root);
    const value = source.value ?? {};
    if (!validateConfig(value)) {
      const issue = validateConfig.errors?.[0];
      const pointer = issue?.instancePath ?? '';
      const at = source.locate(pointer);
      throw new KeelError(
        'KEEL_CONFIG_INVALID',
        `keel.yaml:${at.line}:${at.column}: ${splitPointer(pointer).join('.') || '(root)'} ${issue?.message ?? 'is not valid'}`,
        {
          location: { file: 'keel.yaml', line: at.line, column: at.column },
          ...(pointer.startsWith('/rules/')
            ? {
                fix: 'Give each rule override a severity (error, warning, info or off) and a reason of a sentence: reports show it.',
              }
            : {}),
        },
      );
    }
    raw = value as Record<string, unknown>;
  }
  const { rateLimits, ...runtime } = (raw['runtime'] ?? {}) as Partial<KeelConfig['runtime']> & {
    rateLimits?: Readonly<Record<string, string>>;
  };
  const config: KeelConfig = {
    name: stringOr(raw['name'], basename(root)),
    contract: stringOr(raw['contract'], 'openapi.yaml'),
    migrations: stringOr(raw['migrations'], 'migrations'),
    seeds: stringOr(raw['seeds'], 'seeds'),
    handlers: stringOr(raw['handlers'], 'src/handlers.ts'),
    requirements: stringOr(raw['requirements'], 'requirements.yaml'),
    architecture: stringOr(raw['architecture'], 'architecture.yaml'),
    decisions: stringOr(raw['decisions'], 'decisions'),
    runtime: { ...defaultRuntimeConfig, ...runtime, rateLimits: rateLimitsFrom(rateLimits) },
    rules: (raw['rules'] ?? {}) as KeelConfig['rules'],
    demo: { principals: [], ...(raw['demo'] as Partial<KeelConfig['demo']> | undefined) },
    tests: { mutation: mutationFrom((raw['tests'] as { mutation?: Partial<MutationConfig> } | undefined)?.mutation) },
  };
  return {
    root,
    config,
    paths: {
      contract: resolve(root, config.contract),
      migrations: resolve(root, config.migrations),
      seeds: resolve(root, config.seeds),
      handlers: resolve(root, config.handlers),
      requirements: resolve(root, config.requirements),
      architecture: resolve(root, config.architecture),
      decisions: resolve(root, config.decisions),
      data: resolve(root, '.keel', 'data'),
      evidence: resolve(root, '.keel', 'evidence'),
    },
  };
}

/** keel.yaml's `runtime.rateLimits` (validated by the schema): some classes' limits (or `off`) over the defaults. */
function rateLimitsFrom(value: Readonly<Record<string, string>> | undefined): RateLimitsConfig | undefined {
  if (value === undefined) return undefined;
  const limits: Record<OperationClass, RateLimit | 'off'> = { ...defaultRateLimits };
  for (const name of operationClasses) {
    const text = value[name];
    if (text !== undefined) limits[name] = parseRateLimit(text);
  }
  return limits;
}

/** keel.yaml's `tests.mutation` (validated by the schema), every setting absent when not given. */
function mutationFrom(value: Partial<MutationConfig> | undefined): MutationConfig {
  return { threshold: value?.threshold, mutate: value?.mutate };
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
