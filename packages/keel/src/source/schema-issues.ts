import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Issue } from '../journey/finding.ts';
import { closestMatches } from './closest-matches.ts';
import { joinPointer, splitPointer, type SourceFile } from './source-file.ts';

/** How findings name the entities of a file: the list keys whose entries are entities, and what to call the root. */
export interface SchemaIssueOptions {
  /** `{ operations: 'operation' }`: an entry of `operations` with an `id` (or a `name`) is `operation R-BOOK-1`. */
  readonly entityKinds?: Readonly<Record<string, string>>;
  readonly rootLabel?: string;
}

/**
 * Every place a parsed YAML or JSON file departs from a compiled schema, each at its key's line and column, in words a
 * person reads (`` `summary` of operation R-BOOK-3 is empty ``), with a fix taken from the schema's descriptions or a
 * "did you mean" for a misspelt key or value.
 */
export function schemaIssues(
  source: SourceFile,
  validate: ValidateFunction,
  options: SchemaIssueOptions = {},
): Issue[] {
  if (validate(source.value)) return [];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const described = describeError(source.value, error, options);
    if (described === undefined) continue;
    const key = `${described.pointer}\u0000${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const at = source.locate(described.pointer);
    issues.push({
      message: described.message,
      at: { file: source.displayPath, line: at.line, column: at.column },
      ...(described.fix === undefined ? {} : { fix: described.fix }),
    });
  }
  return issues;
}

interface DescribedError {
  readonly pointer: string;
  readonly message: string;
  readonly fix?: string;
}

function describeError(root: unknown, error: ErrorObject, options: SchemaIssueOptions): DescribedError | undefined {
  const subject = describePath(root, splitPointer(error.instancePath), options);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined; // the failed `then` says what is missing
    case 'required': {
      const property = String(params['missingProperty']);
      const description =
        descriptionOf(propertiesOf(error.parentSchema)[property]) ?? descriptionOf(error.parentSchema);
      return {
        pointer: error.instancePath,
        message: `${subject} has no \`${property}\``,
        fix: `Add \`${property}:\`.${description === undefined ? '' : ` ${description}`}`,
      };
    }
    case 'additionalProperties': {
      const property = String(params['additionalProperty']);
      const allowed = Object.keys(propertiesOf(error.parentSchema)).filter((name) => name !== '$schema');
      const suggestions = closestMatches(property, allowed, 1);
      return {
        pointer: joinPointer([...splitPointer(error.instancePath), property]),
        message: `${subject} has an unknown key \`${property}\`${allowed.length > 0 ? `; expected ${allowed.join(', ')}` : ''}`,
        fix:
          suggestions[0] === undefined
            ? `Remove \`${property}\`, or move what it says into a key the format has.`
            : `Did you mean \`${suggestions[0]}\`? Rename the key.`,
      };
    }
    case 'type': {
      // `null` is allowed where an empty value is reported by a rule of its own; no need to suggest it
      const expected = [params['type']]
        .flat()
        .map(String)
        .filter((type) => type !== 'null');
      const description = descriptionOf(error.parentSchema);
      return {
        pointer: error.instancePath,
        message: `${subject} must be ${listOr(expected.map(withArticle))}, not ${withArticle(typeOf(error.data))}`,
        fix: `${description === undefined ? '' : `${description} `}Write it as ${listOr(expected.map(withArticle))}.`,
      };
    }
    case 'enum': {
      const allowed = [params['allowedValues']].flat().map(String);
      const suggestions = typeof error.data === 'string' ? closestMatches(error.data, allowed, 1) : [];
      return {
        pointer: error.instancePath,
        message: `${subject} is ${JSON.stringify(error.data)}; expected one of ${allowed.join(', ')}`,
        fix: suggestions[0] === undefined ? `Use one of ${allowed.join(', ')}.` : `Did you mean ${suggestions[0]}?`,
      };
    }
    case 'minLength': {
      const description = descriptionOf(error.parentSchema);
      return {
        pointer: error.instancePath,
        message: `${subject} is empty`,
        ...(description === undefined ? {} : { fix: `Fill it in. ${description}` }),
      };
    }
    default:
      return { pointer: error.instancePath, message: `${subject} ${error.message ?? 'is not valid'}` };
  }
}

/** `operation R-BOOK-3`, `` `summary` of operation R-BOOK-3 ``, `` `service.name` ``: the nearest named entity. */
function describePath(root: unknown, tokens: readonly string[], options: SchemaIssueOptions): string {
  if (tokens.length === 0) return options.rootLabel ?? 'the file';
  let node = root;
  let entity: { label: string; index: number } | undefined;
  for (const [index, token] of tokens.entries()) {
    node = isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[token] : undefined;
    const kind = options.entityKinds?.[tokens[index - 1] ?? ''];
    const id = isRecord(node) ? (node['id'] ?? node['name']) : undefined;
    if (kind !== undefined && /^\d+$/.test(token) && typeof id === 'string') entity = { label: `${kind} ${id}`, index };
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

function propertiesOf(schema: unknown): Record<string, unknown> {
  const properties = isRecord(schema) ? schema['properties'] : undefined;
  return isRecord(properties) ? properties : {};
}

function descriptionOf(schema: unknown): string | undefined {
  const description = isRecord(schema) ? schema['description'] : undefined;
  return typeof description === 'string' ? description : undefined;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function withArticle(type: string): string {
  if (type === 'null') return 'null';
  if (type === 'object') return 'a mapping';
  if (type === 'array') return 'a list';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function listOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
