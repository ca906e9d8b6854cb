import type { Contract } from '../contract/index.ts';

/**
 * The contract as one self-contained document, for `/openapi.json`: `$ref`s into the root document stay as they are,
 * `$ref`s into other files are replaced by what they point at. A schema that refers back to itself through another
 * file is moved to `components/schemas` and referred to there, so the document stays finite.
 *
 * @example
 * const document = singleDocument(app.contract); // JSON.stringify(document) is what /openapi.json sends
 */
export function singleDocument(contract: Contract): Record<string, unknown> {
  const { documents } = contract;
  const rootFile = documents.root.path;
  const hoisted: Record<string, unknown> = {};
  const rootComponents = (documents.root.value as { components?: { schemas?: Record<string, unknown> } }).components;
  const taken = new Set(Object.keys(rootComponents?.schemas ?? {}));
  const hoistedNames = new Map<string, string>();
  const inProgress = new Set<string>();

  const walk = (node: unknown, file: string, pointer: string): unknown => {
    if (Array.isArray(node)) return node.map((item, index) => walk(item, file, `${pointer}/${index}`));
    if (typeof node !== 'object' || node === null) return node;
    const { $ref, ...siblings } = node as Record<string, unknown>;
    const rest = Object.fromEntries(
      Object.entries(siblings).map(([key, child]) => [
        key,
        isData(key, child) ? child : walk(child, file, `${pointer}/${escape(key)}`),
      ]),
    );
    if (typeof $ref !== 'string') return rest;
    const target = documents.resolveRef($ref, file, { pointer });
    if (target.file === rootFile) return { $ref: `#${target.pointer}`, ...rest };
    const key = `${target.file}#${target.pointer}`;
    const name = hoistedNames.get(key);
    if (name !== undefined) return { $ref: `#/components/schemas/${escape(name)}`, ...rest };
    if (inProgress.has(key)) {
      const fresh = uniqueName(target.pointer.split('/').at(-1) || 'Schema', taken);
      taken.add(fresh);
      hoistedNames.set(key, fresh);
      hoisted[fresh] = null;
      return { $ref: `#/components/schemas/${escape(fresh)}`, ...rest };
    }
    inProgress.add(key);
    const inlined = walk(target.value, target.file, target.pointer);
    inProgress.delete(key);
    const late = hoistedNames.get(key);
    if (late !== undefined) {
      hoisted[late] = inlined;
      return { $ref: `#/components/schemas/${escape(late)}`, ...rest };
    }
    return typeof inlined === 'object' && inlined !== null && !Array.isArray(inlined)
      ? { ...inlined, ...rest }
      : inlined;
  };

  const document = walk(documents.root.value, rootFile, '') as Record<string, unknown>;
  if (Object.keys(hoisted).length === 0) return document;
  const components = (document['components'] ?? {}) as Record<string, unknown>;
  const schemas = (components['schemas'] ?? {}) as Record<string, unknown>;
  return { ...document, components: { ...components, schemas: { ...schemas, ...hoisted } } };
}

function uniqueName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
  return name;
}

/** Values that are data, not OpenAPI or schema objects: a `$ref` inside them is not a reference. */
function isData(key: string, value: unknown): boolean {
  return (
    key === 'example' ||
    key === 'const' ||
    key === 'enum' ||
    key === 'default' ||
    (key === 'examples' && Array.isArray(value))
  );
}

function escape(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
