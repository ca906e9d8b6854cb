import type { Location } from '../journey/finding.ts';
import { joinPointer } from '../source/index.ts';
import { isRecord, tryDeref } from './build-contract-model.ts';
import type { ContractModel } from './contract-model.ts';
import type { Located } from './document-set.ts';

/** A schema reached while walking a parameter's or a body's schema, `$ref`s followed. */
export interface SchemaNode {
  readonly schema: Readonly<Record<string, unknown>>;
  /** Where the schema is written (after `$ref`s). */
  readonly at: Location;
  /** `file#pointer`: one schema shared by several operations has one key. */
  readonly key: string;
  /** How messages name the value, e.g. `body.attendees[]`. */
  readonly label: string;
  /** The schema this one is a property, item or `allOf`/`anyOf`/`oneOf` member of. */
  readonly parent: SchemaNode | undefined;
  /** Whether it is a member of its parent's `allOf`, `anyOf` or `oneOf` (and so describes the same value). */
  readonly composed: boolean;
}

const compositions = ['allOf', 'anyOf', 'oneOf'] as const;

/**
 * Visits a schema and every schema inside it that describes part of the same value: properties, items, prefix items,
 * additional properties and composition members, following `$ref`s across files. Each schema is visited once per walk,
 * so recursive schemas end.
 */
export function walkSchema(
  model: ContractModel,
  start: Located,
  label: string,
  visit: (node: SchemaNode) => void,
): void {
  const { documents } = model;
  const seen = new Set<string>();
  const walk = (written: Located, nodeLabel: string, parent: SchemaNode | undefined, composed: boolean): void => {
    const located = tryDeref(documents, written);
    if (located === undefined || !isRecord(located.value)) return;
    const key = `${located.file}#${located.pointer}`;
    if (seen.has(key)) return;
    seen.add(key);
    const schema = located.value;
    const node: SchemaNode = { schema, at: documents.locate(located), key, label: nodeLabel, parent, composed };
    visit(node);
    const at = (...tokens: (string | number)[]): Located => ({
      value: tokens.reduce<unknown>(
        (value, token) =>
          isRecord(value) || Array.isArray(value) ? (value as Record<string, unknown>)[token] : undefined,
        schema,
      ),
      file: located.file,
      pointer: located.pointer + joinPointer(tokens),
    });
    if (isRecord(schema['properties'])) {
      for (const name of Object.keys(schema['properties']))
        walk(at('properties', name), `${nodeLabel}.${name}`, node, false);
    }
    if (isRecord(schema['items'])) walk(at('items'), `${nodeLabel}[]`, node, false);
    if (Array.isArray(schema['prefixItems'])) {
      schema['prefixItems'].forEach((_, index) =>
        walk(at('prefixItems', index), `${nodeLabel}[${index}]`, node, false),
      );
    }
    if (isRecord(schema['additionalProperties'])) walk(at('additionalProperties'), `${nodeLabel}.*`, node, false);
    for (const keyword of compositions) {
      const members = schema[keyword];
      if (!Array.isArray(members)) continue;
      members.forEach((_, index) => walk(at(keyword, index), nodeLabel, node, true));
    }
  };
  walk(start, label, undefined, false);
}

/** The types a schema allows, from `type` (a string or a list). */
export function typesOf(schema: Readonly<Record<string, unknown>>): string[] {
  const type = schema['type'];
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((entry): entry is string => typeof entry === 'string') : [];
}
