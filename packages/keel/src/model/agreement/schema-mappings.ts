import { isRecord, tryDeref } from '../../contract/build-contract-model.ts';
import type { ContractModel } from '../../contract/contract-model.ts';
import type { Located } from '../../contract/document-set.ts';
import type { Location } from '../../journey/finding.ts';
import { joinPointer } from '../../source/index.ts';

type Schema = Readonly<Record<string, unknown>>;

/** A contract schema that declares its table with `x-keel-table`. */
export interface MappedSchema {
  /** Its name under `components/schemas`. */
  readonly name: string;
  readonly table: string;
  /** The `x-keel-table` value. */
  readonly tableAt: Location;
  readonly properties: readonly MappedProperty[];
}

/** A property of a mapped schema and the column it maps to (`x-keel-column: false`: none, it is computed). */
export interface MappedProperty {
  readonly name: string;
  /** snake_case of the name, or `x-keel-column`; undefined when `x-keel-column: false`. */
  readonly column: string | undefined;
  /** The property's schema, `$ref`s followed and `allOf` members merged. */
  readonly schema: Schema;
  readonly required: boolean;
  readonly at: Location;
}

/**
 * The schemas of `components/schemas` that name a table (`x-keel-table: bookings`), each property mapped to a column by
 * its name in snake_case (`startsAt` → `starts_at`) unless `x-keel-column` names another or is `false`. Properties of
 * `allOf` members count as the schema's own. Schemas without `x-keel-table` are not mapped.
 *
 * @example
 * schemaMappings(contract).find((schema) => schema.table === 'bookings')?.properties.map((p) => p.column);
 */
export function schemaMappings(contract: ContractModel): readonly MappedSchema[] {
  const { documents } = contract;
  const components = contract.document['components'];
  const schemas = isRecord(components) && isRecord(components['schemas']) ? components['schemas'] : {};
  return Object.entries(schemas).flatMap(([name, value]): MappedSchema[] => {
    const located = tryDeref(documents, { value, file: documents.root.path, pointer: `/components/schemas/${name}` });
    if (located === undefined || !isRecord(located.value)) return [];
    const table = located.value['x-keel-table'];
    if (typeof table !== 'string') return [];
    const tableAt = documents.locate(child(located, 'x-keel-table'));
    const schema = located as Located<Schema>;
    const parts = [schema, ...members(contract, schema)];
    const required = new Set(parts.flatMap((part) => strings(part.value['required'])));
    const properties = parts.flatMap((part) => {
      const written = child(part, 'properties');
      if (!isRecord(written.value)) return [];
      return Object.keys(written.value).flatMap((property): MappedProperty[] => {
        const at = child(written, property);
        const schema = merged(contract, at);
        const override = isRecord(at.value) ? at.value['x-keel-column'] : undefined;
        if (override === false) return [];
        return [
          {
            name: property,
            column: typeof override === 'string' ? override : snakeCase(property),
            schema,
            required: required.has(property),
            at: documents.locate(at),
          },
        ];
      });
    });
    return [{ name, table, tableAt, properties }];
  });
}

/** `startsAt` → `starts_at`, `orgID` → `org_id`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

function child(located: Located, key: string): Located {
  const value = isRecord(located.value) ? located.value[key] : undefined;
  return { value, file: located.file, pointer: located.pointer + joinPointer([key]) };
}

/** The `allOf` members of a schema, `$ref`s followed, nested members included. */
function members(contract: ContractModel, located: Located<Schema>): Located<Schema>[] {
  const allOf = located.value['allOf'];
  if (!Array.isArray(allOf)) return [];
  return allOf.flatMap((_, index) => {
    const member = tryDeref(contract.documents, {
      value: allOf[index] as unknown,
      file: located.file,
      pointer: located.pointer + joinPointer(['allOf', index]),
    });
    return member !== undefined && isRecord(member.value)
      ? [member as Located<Schema>, ...members(contract, member as Located<Schema>)]
      : [];
  });
}

/** A property's schema with `$ref`s followed and `allOf` members merged; its own keywords win. */
function merged(contract: ContractModel, written: Located): Schema {
  const located = tryDeref(contract.documents, written);
  if (located === undefined || !isRecord(located.value)) return {};
  const own = located as Located<Schema>;
  const inherited = members(contract, own).map((member) => member.value);
  // A sibling `$ref` keeps its own keywords (OpenAPI 3.1): `description`, `readOnly`, `x-keel-column`.
  const keywords: Record<string, unknown> = {};
  for (const part of [...inherited, own.value, isRecord(written.value) ? written.value : {}]) {
    Object.assign(keywords, part);
  }
  delete keywords['$ref'];
  delete keywords['allOf'];
  return Object.freeze(keywords);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}
