import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Issue } from '../journey/finding.ts';
import { joinPointer, splitPointer, type SourceFile } from '../source/index.ts';

/**
 * Every place a parsed YAML file departs from a compiled schema, each at its key's line and column, in words a person
 * reads: `` `dependsOn` of module bookings has an unknown key … ``. Entries of a list that have a `name` or an `id` are
 * named by it.
 */
export function schemaIssues(source: SourceFile, validate: ValidateFunction, rootLabel = 'the file'): Issue[] {
  if (validate(source.value)) return [];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const { pointer, message } = describeError(source.value, error, rootLabel);
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const at = source.locate(pointer);
    issues.push({ message, at: { file: source.displayPath, line: at.line, column: at.column } });
  }
  return issues;
}

function describeError(root: unknown, error: ErrorObject, rootLabel: string): { pointer: string; message: string } {
  const tokens = splitPointer(error.instancePath);
  const subject = tokens.length === 0 ? rootLabel : describePath(root, tokens);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { pointer: error.instancePath, message: `${subject} has no \`${String(params['missingProperty'])}\`` };
    case 'additionalProperties': {
      const property = String(params['additionalProperty']);
      const allowed = Object.keys(propertiesOf(error.parentSchema)).filter((name) => name !== '$schema');
      return {
        pointer: joinPointer([...tokens, property]),
        message: `${subject} has an unknown key \`${property}\`${allowed.length > 0 ? `; expected ${allowed.join(', ')}` : ''}`,
      };
    }
    case 'type':
      return { pointer: error.instancePath, message: `${subject} must be ${withArticle(String(params['type']))}` };
    case 'enum':
      return {
        pointer: error.instancePath,
        message: `${subject} is ${JSON.stringify(valueAt(root, tokens))}; expected one of ${[params['allowedValues']].flat().map(String).join(', ')}`,
      };
    case 'pattern':
      return {
        pointer: error.instancePath,
        message: `${subject} is ${JSON.stringify(valueAt(root, tokens))}, which does not match ${String(params['pattern'])}`,
      };
    case 'minLength':
    case 'minItems':
      return { pointer: error.instancePath, message: `${subject} is empty` };
    case 'uniqueItems':
      return { pointer: error.instancePath, message: `${subject} lists an entry twice` };
    default:
      return { pointer: error.instancePath, message: `${subject} ${error.message ?? 'is not valid'}` };
  }
}

const entityKinds: Readonly<Record<string, string>> = {
  modules: 'module',
  externalSystems: 'external system',
  flows: 'flow',
};

/** `module bookings`, `` `dependsOn` of module bookings ``, `` `modules[2]` ``: the nearest entity with a name. */
function describePath(root: unknown, tokens: readonly string[]): string {
  let node = root;
  let entity: { label: string; index: number } | undefined;
  for (const [index, token] of tokens.entries()) {
    node = isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[token] : undefined;
    const kind = entityKinds[tokens[index - 1] ?? ''];
    const name = isRecord(node) ? (node['name'] ?? node['id']) : undefined;
    if (kind !== undefined && /^\d+$/.test(token) && typeof name === 'string') {
      entity = { label: `${kind} ${name}`, index };
    }
  }
  if (entity === undefined) return `\`${renderPath(tokens)}\``;
  const rest = tokens.slice(entity.index + 1);
  return rest.length === 0 ? entity.label : `\`${renderPath(rest)}\` of ${entity.label}`;
}

function renderPath(tokens: readonly string[]): string {
  return tokens
    .map((token, index) => (/^\d+$/.test(token) ? `[${token}]` : index === 0 ? token : `.${token}`))
    .join('');
}

function valueAt(root: unknown, tokens: readonly string[]): unknown {
  let node = root;
  for (const token of tokens) {
    node = isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[token] : undefined;
  }
  return node;
}

function propertiesOf(schema: unknown): Record<string, unknown> {
  const properties = isRecord(schema) ? schema['properties'] : undefined;
  return isRecord(properties) ? properties : {};
}

function withArticle(type: string): string {
  if (type === 'object') return 'a mapping';
  if (type === 'array') return 'a list';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
