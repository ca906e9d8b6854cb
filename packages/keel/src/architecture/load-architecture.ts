import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Location } from '../journey/finding.ts';
import type { CheckContext, Loaded } from '../journey/stage.ts';
import { joinPointer, schemaIssues, type SourceFile } from '../source/index.ts';
import { architectureSchemaRule, decisionFrontMatterRule } from './architecture-loader-rules.ts';
import type { Architecture, ArchitectureModule, DataFlow, ExternalSystem, Located } from './architecture-model.ts';
import { architectureSchema } from './architecture-schema.ts';
import { loadDecisions } from './load-decisions.ts';

const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
const validateArchitecture = ajv.compile(architectureSchema);

type Pointer = readonly (string | number)[];

/**
 * Loads the project's `architecture.yaml` and its decision records: every departure from a schema is an issue of
 * `architecture/schema` or `architecture/decision-front-matter`, and the model holds whatever is well formed. A missing
 * or unparsable `architecture.yaml` throws KeelError (the runner reports it); one that is not a mapping has no model.
 */
export async function loadArchitecture(context: CheckContext): Promise<Loaded<Architecture>> {
  const source = await context.source(context.project.config.architecture);
  const { decisions, issues: decisionIssues } = await loadDecisions(context.project);
  const issues = [
    ...schemaIssues(source, validateArchitecture, {
      entityKinds: { modules: 'module', externalSystems: 'external system', flows: 'flow' },
    }).map((issue) => ({ ...issue, rule: architectureSchemaRule.id })),
    ...decisionIssues.map((issue) => ({ ...issue, rule: decisionFrontMatterRule.id })),
  ];
  const root = source.value;
  if (!isRecord(root)) return { model: undefined, issues };
  const at = (pointer: Pointer): Location => ({ file: source.displayPath, ...source.locate(joinPointer(pointer)) });
  const model: Architecture = Object.freeze({
    file: source.displayPath,
    modulesAt: at(['modules']),
    modules: entries(root['modules'], ['modules'], (entry, name, pointer) => buildModule(entry, name, pointer, at)),
    externalSystems: entries(root['externalSystems'], ['externalSystems'], (entry, name, pointer): ExternalSystem => ({
      name,
      purpose: text(entry['purpose']),
      at: at(pointer),
    })),
    flows: buildFlows(source, at),
    decisionsDir: context.project.config.decisions.replace(/\/+$/, ''),
    decisions,
  });
  return { model, issues };
}

function buildModule(
  entry: Record<string, unknown>,
  name: string,
  pointer: Pointer,
  at: (pointer: Pointer) => Location,
): ArchitectureModule {
  const located = (key: string): readonly Located[] =>
    Object.freeze(
      list(entry[key]).flatMap((item, index) =>
        typeof item === 'string' ? [Object.freeze({ value: item, at: at([...pointer, key, index]) })] : [],
      ),
    );
  const declared = located('paths').map((path) => Object.freeze({ ...path, value: normalizePath(path.value) }));
  return {
    name,
    purpose: text(entry['purpose']),
    owns: located('owns'),
    dependsOn: located('dependsOn'),
    paths: Object.freeze(
      declared.length > 0 ? declared : [Object.freeze({ value: `src/${name}`, at: at([...pointer, 'name']) })],
    ),
    pathsDeclared: declared.length > 0,
    operations: located('operations'),
    tables: located('tables'),
    at: at(pointer),
  };
}

function buildFlows(source: SourceFile, at: (pointer: Pointer) => Location): readonly DataFlow[] {
  const flows = isRecord(source.value) ? list(source.value['flows']) : [];
  return Object.freeze(
    flows.flatMap((flow, index): DataFlow[] => {
      if (!isRecord(flow) || typeof flow['from'] !== 'string' || typeof flow['to'] !== 'string') return [];
      const pointer = ['flows', index];
      return [
        Object.freeze({
          from: Object.freeze({ value: flow['from'], at: at([...pointer, 'from']) }),
          to: Object.freeze({ value: flow['to'], at: at([...pointer, 'to']) }),
          data: text(flow['data']),
          at: at(pointer),
        }),
      ];
    }),
  );
}

/** The entries of a list that are mappings with a string `name`, frozen; the schema check reports the others. */
function entries<Entry>(
  value: unknown,
  pointer: Pointer,
  build: (entry: Record<string, unknown>, name: string, pointer: Pointer) => Entry,
): readonly Entry[] {
  return Object.freeze(
    list(value).flatMap((entry, index) =>
      isRecord(entry) && typeof entry['name'] === 'string'
        ? [Object.freeze(build(entry, entry['name'], [...pointer, index]))]
        : [],
    ),
  );
}

/** `./src/bookings/` → `src/bookings`: paths compare as written relative to the root. */
function normalizePath(path: string): string {
  return (
    path
      .split('\\')
      .join('/')
      .replace(/^(\.\/)+/, '')
      .replace(/\/+$/, '') || '.'
  );
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
