import { joinPointer } from '../../source/index.ts';
import type { Located } from '../document-set.ts';
import { httpMethods } from '../load-contract.ts';
import type { Position } from './change-collector.ts';
import type { ContractSide } from './contract-side.ts';

type Node = Readonly<Record<string, unknown>>;

/** A parameter as the diff matches it: by location and name (path parameters by position in the template). */
export interface SurfaceParameter {
  readonly key: string;
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly at: Located<Node>;
}

/** One security alternative: scheme name to the scopes it needs. An empty one means anonymous access. */
export type SecurityAlternative = ReadonlyMap<string, ReadonlySet<string>>;

/** An operation with every `$ref` of its own level followed; schemas stay located so changes can name lines. */
export interface SurfaceOperation {
  /** `GET /v1/orgs/{}`: parameter names do not matter to a URL. */
  readonly key: string;
  /** `GET /v1/orgs/{orgId}`. */
  readonly label: string;
  readonly pathKey: string;
  readonly path: string;
  readonly at: Located<Node>;
  readonly operationId: string | undefined;
  readonly deprecated: boolean;
  readonly parameters: ReadonlyMap<string, SurfaceParameter>;
  readonly requestBody: Located<Node> | undefined;
  /** Keyed by status in upper case: `200`, `4XX`, `DEFAULT`. */
  readonly responses: ReadonlyMap<string, Located<Node>>;
  /** The requirements in effect (the operation's, else the document's), and where they are written. */
  readonly security: { readonly alternatives: readonly SecurityAlternative[]; readonly at: Located };
}

/** What a contract offers its clients, keyed for matching against another version. */
export interface ApiSurface {
  readonly side: ContractSide;
  readonly root: Located<Node>;
  readonly operations: ReadonlyMap<string, SurfaceOperation>;
  /** Path templates (normalised) to where they are declared. */
  readonly paths: ReadonlyMap<string, Located>;
  readonly servers: ReadonlyMap<string, Located>;
  readonly securitySchemes: ReadonlyMap<string, Located<Node>>;
  readonly webhooks: ReadonlyMap<string, Located>;
}

/** `/a/{id}/b` → `/a/{}/b`. */
export function pathKey(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

/** Reads the operations, servers, security schemes and webhooks of a loaded contract. */
export function readApiSurface(side: ContractSide): ApiSurface {
  const { documents } = side;
  const file = documents.root.path;
  const doc = asNode(documents.root.value);
  const root: Located<Node> = { value: doc, file, pointer: '' };
  const globalSecurity: Located = { value: doc['security'], file, pointer: '/security' };
  const operations = new Map<string, SurfaceOperation>();
  const paths = new Map<string, Located>();
  for (const [path, rawItem] of Object.entries(asNode(doc['paths']))) {
    const item = documents.deref<Node>({ value: asNode(rawItem), file, pointer: joinPointer(['paths', path]) });
    const key = pathKey(path);
    paths.set(key, { value: item.value, file, pointer: joinPointer(['paths', path]) });
    const shared = asArray(item.value['parameters']).map((value, index): Located => ({
      value,
      file: item.file,
      pointer: `${item.pointer}/parameters/${index}`,
    }));
    for (const method of httpMethods) {
      if (item.value[method] === undefined) continue;
      const at: Located<Node> = {
        value: asNode(item.value[method]),
        file: item.file,
        pointer: `${item.pointer}/${method}`,
      };
      const own = asArray(at.value['parameters']).map((value, index): Located => ({
        value,
        file: at.file,
        pointer: `${at.pointer}/parameters/${index}`,
      }));
      const operationKey = `${method.toUpperCase()} ${key}`;
      const security: Located = Array.isArray(at.value['security'])
        ? { value: at.value['security'], file: at.file, pointer: `${at.pointer}/security` }
        : globalSecurity;
      operations.set(operationKey, {
        key: operationKey,
        label: `${method.toUpperCase()} ${path}`,
        pathKey: key,
        path,
        at,
        operationId: typeof at.value['operationId'] === 'string' ? at.value['operationId'] : undefined,
        deprecated: at.value['deprecated'] === true,
        parameters: readParameters(side, path, [...shared, ...own]),
        requestBody:
          at.value['requestBody'] === undefined
            ? undefined
            : documents.deref<Node>({
                value: asNode(at.value['requestBody']),
                file: at.file,
                pointer: `${at.pointer}/requestBody`,
              }),
        responses: readResponses(side, at),
        security: { alternatives: readSecurity(security.value), at: security },
      });
    }
  }
  const components = asNode(doc['components']);
  const schemes = new Map<string, Located<Node>>();
  for (const [name, raw] of Object.entries(asNode(components['securitySchemes']))) {
    const scheme = documents.deref<Node>({
      value: asNode(raw),
      file,
      pointer: joinPointer(['components', 'securitySchemes', name]),
    });
    schemes.set(name, scheme);
  }
  const servers = new Map<string, Located>();
  for (const [index, server] of asArray(doc['servers']).entries()) {
    const url = asNode(server)['url'];
    if (typeof url === 'string')
      servers.set(url.replace(/\/+$/, ''), { value: server, file, pointer: `/servers/${index}` });
  }
  const webhooks = new Map<string, Located>();
  for (const [name, value] of Object.entries(asNode(doc['webhooks']))) {
    webhooks.set(name, { value, file, pointer: joinPointer(['webhooks', name]) });
  }
  return { side, root, operations, paths, servers, securitySchemes: schemes, webhooks };
}

function readParameters(side: ContractSide, path: string, raw: readonly Located[]): Map<string, SurfaceParameter> {
  const templateNames = [...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1] ?? '');
  const out = new Map<string, SurfaceParameter>();
  for (const entry of raw) {
    const at = side.documents.deref(entry) as Located<Node>;
    const where = String(at.value['in']);
    const name = String(at.value['name']);
    const position = templateNames.indexOf(name);
    const key =
      where === 'path'
        ? `path:#${position === -1 ? name : position}`
        : `${where}:${where === 'header' ? name.toLowerCase() : name}`;
    out.set(key, { key, name, in: where, required: where === 'path' || at.value['required'] === true, at });
  }
  return out;
}

function readResponses(side: ContractSide, operation: Located<Node>): Map<string, Located<Node>> {
  const out = new Map<string, Located<Node>>();
  for (const [status, raw] of Object.entries(asNode(operation.value['responses']))) {
    out.set(
      status.toUpperCase(),
      side.documents.deref<Node>({
        value: asNode(raw),
        file: operation.file,
        pointer: `${operation.pointer}/responses${joinPointer([status])}`,
      }),
    );
  }
  return out;
}

function readSecurity(value: unknown): SecurityAlternative[] {
  return asArray(value).map(
    (requirement) =>
      new Map(
        Object.entries(asNode(requirement)).map(([scheme, scopes]) => [scheme, new Set(asArray(scopes).map(String))]),
      ),
  );
}

export function asNode(value: unknown): Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The position of a key inside a located node (which need not exist: locations fall back to the node). */
export function childAt(at: Located, key: string, value?: unknown): Located & Position {
  return { value, file: at.file, pointer: `${at.pointer}${joinPointer([key])}` };
}

/** A parameter's or header's schema: `schema`, else the schema of its single `content` entry. */
export function schemaOf(at: Located<Node>): Located {
  if (at.value['schema'] !== undefined) return childAt(at, 'schema', at.value['schema']);
  const [media] = Object.entries(asNode(at.value['content']));
  if (media === undefined) return childAt(at, 'schema', {});
  return {
    value: asNode(media[1])['schema'] ?? {},
    file: at.file,
    pointer: `${at.pointer}${joinPointer(['content', media[0], 'schema'])}`,
  };
}
