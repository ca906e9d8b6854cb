import type { Issue, Location } from '../journey/finding.ts';
import { joinPointer } from '../source/index.ts';
import type {
  ContractExample,
  ContractMediaType,
  ContractModel,
  ContractOperation,
  ContractParameter,
  ContractResponse,
  LocatedText,
} from './contract-model.ts';
import type { DocumentSet, Located } from './document-set.ts';
import { httpMethods, pathParameterNames } from './load-contract.ts';

type Record_ = Readonly<Record<string, unknown>>;

/**
 * Builds the model from a contract whose files are all read. What breaks the OpenAPI 3.1 shape Keel relies on (the
 * version, an operation without an operationId, an undeclared path parameter) is returned as `contract/structure`
 * issues; the full schema check is Spectral's `oas3-schema`. References that point at nothing are skipped here (the
 * file scan reports them).
 */
export function buildContractModel(documents: DocumentSet): { model: ContractModel | undefined; issues: Issue[] } {
  const rootFile = documents.root.path;
  const issues: Issue[] = [];
  const locate = (located: { file: string; pointer: string }): Location => documents.locate(located);
  const at = (pointer: string): Location => locate({ file: rootFile, pointer });
  const document = documents.root.value;
  if (!isRecord(document)) {
    issues.push({
      message: `${documents.root.displayPath} is not a mapping: an OpenAPI document starts with \`openapi: 3.1.0\``,
      at: { file: documents.root.displayPath, line: 1, column: 1 },
    });
    return { model: undefined, issues };
  }
  const openapi = document['openapi'];
  if (typeof openapi !== 'string' || !/^3\.1\.\d+$/.test(openapi)) {
    issues.push({
      message: `\`openapi\` is ${JSON.stringify(openapi ?? null)}; Keel checks OpenAPI 3.1 contracts`,
      at: at('/openapi'),
      fix: 'Write `openapi: 3.1.0` (converting a 3.0 contract: `nullable: true` becomes a `null` type, `example` in schemas becomes `examples`).',
    });
  }
  const info = isRecord(document['info']) ? document['info'] : undefined;
  if (info === undefined) {
    issues.push({
      message: 'the contract has no `info`',
      at: at(''),
      fix: 'Add `info:` with `title:` and `version:`.',
    });
  } else if (typeof info['title'] !== 'string' || info['title'] === '') {
    issues.push({
      message: '`info` has no `title`',
      at: at('/info'),
      fix: "Add `title:` under `info:`: the API's name.",
    });
  }
  const paths = document['paths'];
  if (!isRecord(paths)) {
    issues.push({
      message: 'the contract has no `paths`',
      at: at(''),
      fix: 'Add `paths:` with the operations that realise the requirements.',
    });
  }

  const globalSecurity = securityOf(document['security']) ?? [];
  const operations: ContractOperation[] = [];
  const seenIds = new Map<string, string>();
  for (const [path, rawItem] of Object.entries(isRecord(paths) ? paths : {})) {
    const item = tryDeref(documents, { value: rawItem, file: rootFile, pointer: joinPointer(['paths', path]) });
    if (item === undefined || !isRecord(item.value)) continue;
    const itemValue = item.value;
    const shared = list(itemValue['parameters']).map((value, index) => ({
      value,
      file: item.file,
      pointer: `${item.pointer}/parameters/${index}`,
    }));
    for (const method of httpMethods) {
      const raw = itemValue[method];
      if (!isRecord(raw)) continue;
      const source: Located<Record_> = { value: raw, file: item.file, pointer: `${item.pointer}/${method}` };
      const name = `${method.toUpperCase()} ${path}`;
      const where = locate(source);
      const operationId = typeof raw['operationId'] === 'string' ? raw['operationId'] : '';
      if (operationId === '') {
        issues.push({
          message: `${name} has no operationId`,
          at: where,
          fix: `Add \`operationId:\` (a camelCase verb and noun, e.g. ${suggestOperationId(method, path)}): handlers, types and traces are keyed by it.`,
        });
      } else {
        const earlier = seenIds.get(operationId);
        if (earlier !== undefined) {
          issues.push({
            message: `${name}: operationId ${operationId} is also the operationId of ${earlier}`,
            at: locate({ file: source.file, pointer: `${source.pointer}/operationId` }),
            fix: 'Give each operation its own operationId.',
          });
        }
        seenIds.set(operationId, name);
      }
      const own = list(raw['parameters']).map((value, index) => ({
        value,
        file: source.file,
        pointer: `${source.pointer}/parameters/${index}`,
      }));
      const parameters = mergeParameters(documents, [...shared, ...own]);
      for (const parameterName of pathParameterNames(path)) {
        if (parameters.some((parameter) => parameter.in === 'path' && parameter.name === parameterName)) continue;
        issues.push({
          message: `${name}: path parameter {${parameterName}} is not declared`,
          at: where,
          fix: `Declare it under \`parameters:\` with \`name: ${parameterName}\`, \`in: path\`, \`required: true\` and a schema.`,
        });
      }
      operations.push(
        Object.freeze({
          operationId,
          method,
          path,
          name,
          at: where,
          source,
          tags: texts(documents, source, 'tags'),
          requirements: texts(documents, source, 'x-requirements'),
          parameters,
          requestBody: readRequestBody(documents, source),
          responses: readResponses(documents, source),
          security: securityOf(raw['security']) ?? globalSecurity,
          deprecated: raw['deprecated'] === true,
        }),
      );
    }
  }
  const servers = list(document['servers']).flatMap((server, index): LocatedText[] =>
    isRecord(server) && typeof server['url'] === 'string'
      ? [{ value: server['url'], at: at(`/servers/${index}/url`) }]
      : [],
  );
  const model: ContractModel = Object.freeze({
    file: documents.root.displayPath,
    documents,
    document,
    info: {
      version: typeof info?.['version'] === 'string' ? info['version'] : undefined,
      versionAt: at('/info/version'),
      at: at('/info'),
    },
    servers,
    operations: Object.freeze(operations),
    at,
  });
  return { model, issues };
}

/** Follows `$ref`s; undefined when one points at nothing. */
export function tryDeref(documents: DocumentSet, located: Located): Located | undefined {
  try {
    return documents.deref(located);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function texts(documents: DocumentSet, source: Located<Record_>, key: string): LocatedText[] {
  return list(source.value[key]).flatMap((value, index) =>
    typeof value === 'string'
      ? [{ value, at: documents.locate({ file: source.file, pointer: `${source.pointer}/${key}/${index}` }) }]
      : [],
  );
}

function securityOf(value: unknown): Readonly<Record<string, readonly string[]>>[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .filter(isRecord)
    .map((requirement) =>
      Object.fromEntries(
        Object.entries(requirement).map(([scheme, scopes]) => [
          scheme,
          list(scopes).filter((scope) => typeof scope === 'string'),
        ]),
      ),
    );
}

/** Operation parameters override path-item parameters with the same name and location. */
function mergeParameters(documents: DocumentSet, raw: readonly Located[]): ContractParameter[] {
  const byKey = new Map<string, ContractParameter>();
  for (const entry of raw) {
    const resolved = tryDeref(documents, entry);
    if (resolved === undefined || !isRecord(resolved.value)) continue;
    const value = resolved.value;
    const source = { ...resolved, value };
    const location = typeof value['in'] === 'string' ? value['in'] : '';
    const name = typeof value['name'] === 'string' ? value['name'] : '';
    byKey.set(`${location}:${name}`, {
      name,
      in: location,
      required: location === 'path' || value['required'] === true,
      schema: value['schema'] === undefined ? undefined : child(source, 'schema'),
      examples: examplesOf(documents, source),
      source,
      at: documents.locate(source),
    });
  }
  return [...byKey.values()];
}

function readRequestBody(documents: DocumentSet, operation: Located<Record_>): ContractOperation['requestBody'] {
  if (operation.value['requestBody'] === undefined) return undefined;
  const body = tryDeref(documents, child(operation, 'requestBody'));
  if (body === undefined || !isRecord(body.value)) return undefined;
  const source = { ...body, value: body.value };
  return {
    required: body.value['required'] === true,
    content: readContent(documents, source),
    at: documents.locate(child(operation, 'requestBody')),
  };
}

function readResponses(documents: DocumentSet, operation: Located<Record_>): ContractResponse[] {
  const responses = operation.value['responses'];
  if (!isRecord(responses)) return [];
  const out: ContractResponse[] = [];
  const container = child(operation, 'responses');
  for (const status of Object.keys(responses)) {
    const written = child(container as Located<Record_>, status);
    const response = tryDeref(documents, written);
    if (response === undefined || !isRecord(response.value)) continue;
    const source = { ...response, value: response.value };
    out.push({
      status,
      content: readContent(documents, source),
      headers: Object.keys(isRecord(response.value['headers']) ? response.value['headers'] : {}).map((header) =>
        header.toLowerCase(),
      ),
      at: documents.locate(written),
    });
  }
  return out;
}

function readContent(documents: DocumentSet, owner: Located<Record_>): ContractMediaType[] {
  const content = owner.value['content'];
  if (!isRecord(content)) return [];
  const container = child(owner, 'content') as Located<Record_>;
  return Object.entries(content).flatMap(([mediaType, media]): ContractMediaType[] => {
    if (!isRecord(media)) return [];
    const source: Located<Record_> = { ...child(container, mediaType), value: media };
    return [
      {
        mediaType,
        schema: media['schema'] === undefined ? undefined : child(source, 'schema'),
        examples: examplesOf(documents, source),
        at: documents.locate(source),
      },
    ];
  });
}

/** `example`, and the `value` of each entry of `examples` (following `$ref`s to components.examples). */
function examplesOf(documents: DocumentSet, owner: Located<Record_>): ContractExample[] {
  const out: ContractExample[] = [];
  if (owner.value['example'] !== undefined) {
    out.push({
      name: undefined,
      value: owner.value['example'],
      at: documents.locate(child(owner, 'example')),
    });
  }
  const examples = owner.value['examples'];
  if (isRecord(examples)) {
    const container = child(owner, 'examples') as Located<Record_>;
    for (const name of Object.keys(examples)) {
      const written = child(container, name);
      const example = tryDeref(documents, written);
      if (example === undefined || !isRecord(example.value) || !('value' in example.value)) continue;
      out.push({
        name,
        value: example.value['value'],
        at: documents.locate({ file: example.file, pointer: `${example.pointer}/value` }),
      });
    }
  }
  return out;
}

function child(parent: Located<Record_>, key: string): Located {
  return { value: parent.value[key], file: parent.file, pointer: parent.pointer + joinPointer([key]) };
}

/** `getOrganisation` for `GET /v1/orgs/{orgId}`, as a hint. */
function suggestOperationId(method: string, path: string): string {
  const segments = path
    .split('/')
    .filter((segment) => segment !== '' && !segment.startsWith('{') && !/^v\d+$/.test(segment));
  const noun = segments.at(-1) ?? 'resource';
  const verb =
    { get: path.endsWith('}') ? 'get' : 'list', post: 'create', put: 'replace', patch: 'update', delete: 'delete' }[
      method
    ] ?? method;
  return verb + noun.charAt(0).toUpperCase() + noun.slice(1).replace(/[^A-Za-z0-9]/g, '');
}
