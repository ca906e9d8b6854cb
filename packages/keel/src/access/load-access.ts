import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Issue, Location } from '../journey/finding.ts';
import type { CheckContext, Loaded } from '../journey/stage.ts';
import { joinPointer, schemaIssues, type SourceFile } from '../source/index.ts';
import { accessSchemaRule, conditionSyntaxRule } from './access-loader-rules.ts';
import type {
  AccessModel,
  AccessRole,
  Allowance,
  AuthenticationScheme,
  FieldRule,
  JwtKeys,
  Named,
  OperationAccess,
  PolicyTest,
  PolicyTests,
  RoleKind,
  RoleSource,
  Tenancy,
} from './access-model.ts';
import { accessSchema, accessTestSchema } from './access-schema.ts';
import { parseCondition } from './parse-condition.ts';
import { scalarPositions } from './scalar-positions.ts';

/** The artifact of stage 5 and its policy tests, relative to the project root. */
export const accessFile = 'access.yaml';
export const accessTestFile = 'access.test.yaml';

const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
(addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
const validateAccess = ajv.compile(accessSchema);
const validateTests = ajv.compile(accessTestSchema);

type Pointer = readonly (string | number)[];
type LoaderIssue = Issue & { readonly rule: string };

/**
 * Loads `access.yaml` and, when present, `access.test.yaml`: every departure from their schemas is an `access/schema`
 * issue and every condition that does not parse an `access/condition-syntax` issue at its column; the model keeps
 * whatever is well formed. A missing or unparsable access.yaml throws KeelError (the runner reports it).
 */
export async function loadAccess(context: CheckContext): Promise<Loaded<AccessModel>> {
  const source = await context.source(accessFile);
  const issues: LoaderIssue[] = schemaIssues(source, validateAccess, { rootLabel: accessFile }).map((issue) => ({
    ...issue,
    rule: accessSchemaRule.id,
  }));
  const root = source.value;
  if (!isRecord(root)) return { model: undefined, issues };
  const at = locator(source);
  const conditionAt = scalarPositions(source.text, source.displayPath);
  const operations = Object.freeze(
    entries(root['operations']).map(([operationId, entry]) =>
      buildOperation(operationId, entry, ['operations', operationId], at, (pointer, text) => {
        const parsed = parseCondition(text);
        const locate = conditionAt(joinPointer(pointer));
        if (!parsed.ok) {
          issues.push({
            rule: conditionSyntaxRule.id,
            message: `the condition of ${String(pointer[3])} in ${operationId} does not parse: ${parsed.error.message}`,
            at: locate(parsed.error.offset),
          });
        }
        return Object.freeze({
          text,
          ast: parsed.ok ? parsed.condition : undefined,
          at: locate(0),
          locate,
        });
      }),
    ),
  );
  const tests = await loadTests(context, issues);
  const fields = isRecord(root['fields']) ? root['fields'] : {};
  const model: AccessModel = Object.freeze({
    file: source.displayPath,
    roles: Object.freeze(entries(root['roles']).map(([name, entry]) => buildRole(name, entry, at))),
    tenancy: buildTenancy(root['tenancy'], at),
    authentication: Object.freeze(
      entries(root['authentication']).flatMap(([name, entry]) => buildScheme(name, entry, at)),
    ),
    operations,
    neverReadable: named(fields['neverReadable'], ['fields', 'neverReadable'], at),
    tests,
    at: at([]),
  });
  return { model, issues };
}

function buildRole(name: string, entry: Record<string, unknown>, at: Locate): AccessRole {
  const kind = entry['kind'];
  return Object.freeze({
    name,
    kind: kind === 'anonymous' || kind === 'authenticated' ? kind : ('tenant' satisfies RoleKind),
    includes: named(entry['includes'], ['roles', name, 'includes'], at),
    grants: named(entry['grants'], ['roles', name, 'grants'], at),
    at: at(['roles', name]),
  });
}

function buildTenancy(value: unknown, at: Locate): Tenancy | undefined {
  if (!isRecord(value) || typeof value['column'] !== 'string' || typeof value['parameter'] !== 'string')
    return undefined;
  const tenants = value['tenants'];
  return Object.freeze({
    column: { value: value['column'], at: at(['tenancy', 'column']) },
    parameter: { value: value['parameter'], at: at(['tenancy', 'parameter']) },
    tenants:
      isRecord(tenants) && typeof tenants['table'] === 'string' && typeof tenants['key'] === 'string'
        ? {
            table: { value: tenants['table'], at: at(['tenancy', 'tenants', 'table']) },
            key: { value: tenants['key'], at: at(['tenancy', 'tenants', 'key']) },
          }
        : undefined,
    at: at(['tenancy']),
  });
}

function buildScheme(name: string, entry: Record<string, unknown>, at: Locate): AuthenticationScheme[] {
  const pointer = ['authentication', name];
  if (entry['type'] === 'api-key') {
    return [
      Object.freeze({
        type: 'api-key',
        name,
        header: text(entry['header']) ?? '',
        prefix: text(entry['prefix']),
        table: text(entry['table']),
        role: typeof entry['role'] === 'string' ? { value: entry['role'], at: at([...pointer, 'role']) } : undefined,
        at: at(pointer),
      }),
    ];
  }
  if (entry['type'] !== 'jwt') return [];
  const keys: JwtKeys =
    entry['keys'] === 'managed'
      ? { source: 'managed' }
      : typeof entry['jwks'] === 'string'
        ? { source: 'jwks', url: entry['jwks'] }
        : Array.isArray(entry['publicKeys'])
          ? { source: 'public-keys', files: entry['publicKeys'].filter((file) => typeof file === 'string') }
          : { source: 'none' };
  return [
    Object.freeze({
      type: 'jwt',
      name,
      issuer: text(entry['issuer']),
      audience: text(entry['audience']),
      algorithms: Array.isArray(entry['algorithms'])
        ? named(entry['algorithms'], [...pointer, 'algorithms'], at)
        : undefined,
      keys: Object.freeze(keys),
      authorizationScheme: text(entry['authorizationScheme']),
      accessTokenSeconds: durationSeconds(text(entry['accessTokenLifetime'])),
      roles: roleSource(entry['roles'], at([...pointer, 'roles'])),
      at: at(pointer),
    }),
  ];
}

/** `8h`, `30min`, `90s` (the schema's pattern) in seconds. */
function durationSeconds(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /^(\d+)(s|min|h)$/.exec(value);
  if (match === null) return undefined;
  return Number(match[1]) * { s: 1, min: 60, h: 3600 }[match[2] as 's' | 'min' | 'h'];
}

function roleSource(value: unknown, at: Location): RoleSource | undefined {
  if (!isRecord(value)) return undefined;
  if (value['from'] === 'memberships') {
    return Object.freeze({
      from: 'memberships',
      table: text(value['table']) ?? '',
      principal: text(value['principal']) ?? '',
      tenant: text(value['tenant']) ?? '',
      role: text(value['role']) ?? '',
      at,
    });
  }
  if (value['from'] === 'claims') {
    return Object.freeze({
      from: 'claims',
      tenant: text(value['tenant']) ?? '',
      roles: text(value['roles']) ?? '',
      at,
    });
  }
  return undefined;
}

function buildOperation(
  operationId: string,
  entry: Record<string, unknown>,
  pointer: Pointer,
  at: Locate,
  condition: (pointer: Pointer, text: string) => NonNullable<Allowance['condition']>,
): OperationAccess {
  const allow = entry['allow'];
  const allowances: Allowance[] = Array.isArray(allow)
    ? allow.flatMap((role, index) =>
        typeof role === 'string' ? [{ role, at: at([...pointer, 'allow', index]), condition: undefined }] : [],
      )
    : entries(allow, true).flatMap(([role, value]): Allowance[] => {
        const rolePointer = [...pointer, 'allow', role];
        if (value === true) return [{ role, at: at(rolePointer), condition: undefined }];
        if (typeof value !== 'string' || value.trim() === '') return [];
        return [{ role, at: at(rolePointer), condition: condition(rolePointer, value) }];
      });
  const fields = isRecord(entry['fields']) ? entry['fields'] : {};
  const rules = (kind: 'read' | 'write'): readonly FieldRule[] =>
    Object.freeze(
      entries(fields[kind], true).map(([role, list]) =>
        Object.freeze({
          role,
          properties: named(list, [...pointer, 'fields', kind, role], at),
          at: at([...pointer, 'fields', kind, role]),
        }),
      ),
    );
  return Object.freeze({
    operationId,
    at: at(pointer),
    allow: Object.freeze(allowances.map((allowance) => Object.freeze(allowance))),
    publicWrite: text(entry['publicWrite']),
    privileged: entry['privileged'] === true,
    fields: Object.freeze({ read: rules('read'), write: rules('write') }),
  });
}

async function loadTests(context: CheckContext, issues: LoaderIssue[]): Promise<PolicyTests | undefined> {
  if (!existsSync(resolve(context.project.root, accessTestFile))) return undefined;
  const source = await context.source(accessTestFile);
  for (const issue of schemaIssues(source, validateTests, { rootLabel: accessTestFile })) {
    issues.push({ ...issue, rule: accessSchemaRule.id });
  }
  const at = locator(source);
  const root = source.value;
  const list = isRecord(root) && Array.isArray(root['tests']) ? root['tests'] : [];
  const tests = list.flatMap((entry: unknown, index): PolicyTest[] => {
    if (!isRecord(entry) || !isRecord(entry['principal'])) return [];
    const principal = entry['principal'];
    const expect = entry['expect'];
    if (typeof principal['role'] !== 'string' || typeof entry['operation'] !== 'string') return [];
    if (expect !== 'allow' && expect !== 'deny') return [];
    const pointer = ['tests', index];
    const row = isRecord(entry['row']) ? entry['row'] : isRecord(entry['resource']) ? entry['resource'] : undefined;
    const path = isRecord(entry['path']) ? entry['path'] : undefined;
    return [
      Object.freeze({
        principal: Object.freeze({
          role: { value: principal['role'], at: at([...pointer, 'principal', 'role']) },
          tenant: principal['tenant'] === 'other' ? 'other' : 'same',
          id: text(principal['id']),
        }),
        operation: { value: entry['operation'], at: at([...pointer, 'operation']) },
        row: row === undefined ? undefined : Object.freeze({ ...row }),
        path:
          path === undefined
            ? undefined
            : Object.freeze(Object.fromEntries(Object.entries(path).map(([key, value]) => [key, String(value)]))),
        expect,
        at: at(pointer),
      }),
    ];
  });
  return Object.freeze({ file: source.displayPath, tests: Object.freeze(tests) });
}

type Locate = (pointer: Pointer) => Location;

function locator(source: SourceFile): Locate {
  return (pointer) => ({ file: source.displayPath, ...source.locate(joinPointer(pointer)) });
}

/** The entries of a mapping whose values are mappings (or, with `any`, whatever they are); the schema reports the rest. */
function entries(value: unknown, any: true): [string, unknown][];
function entries(value: unknown): [string, Record<string, unknown>][];
function entries(value: unknown, any?: true): [string, unknown][] {
  if (!isRecord(value)) return [];
  return Object.entries(value).filter(([, entry]) => any === true || isRecord(entry));
}

function named(value: unknown, pointer: Pointer, at: Locate): readonly Named[] {
  if (!Array.isArray(value)) return Object.freeze([]);
  return Object.freeze(
    value.flatMap((item, index) =>
      typeof item === 'string' ? [Object.freeze({ value: item, at: at([...pointer, index]) })] : [],
    ),
  );
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
