import { isRecord, tryDeref } from '../contract/build-contract-model.ts';
import type { ContractModel, ContractOperation } from '../contract/contract-model.ts';
import type { Located } from '../contract/document-set.ts';
import type { DeclaredFields } from './eslint-plugin/index.ts';

/**
 * What the handler rules need from the contract: each operation's declared request fields, its list operations, and
 * its reads (GET and HEAD).
 */
export interface ContractFacts {
  readonly operations: Readonly<Record<string, DeclaredFields>>;
  readonly listOperations: readonly string[];
  readonly readOperations: readonly string[];
}

/** The request fields each operation declares, and which operations return collections. */
export function contractFacts(model: ContractModel): ContractFacts {
  const operations: Record<string, DeclaredFields> = {};
  const listOperations: string[] = [];
  const readOperations: string[] = [];
  for (const operation of model.operations) {
    if (operation.operationId === '') continue;
    const names = (where: string): string[] =>
      operation.parameters.filter((parameter) => parameter.in === where).map((parameter) => parameter.name);
    const body = bodyFields(model, operation);
    operations[operation.operationId] = {
      params: names('path'),
      query: names('query'),
      headers: names('header'),
      ...(body === undefined ? {} : { body }),
    };
    if (returnsCollection(model, operation)) listOperations.push(operation.operationId);
    if (operation.method === 'get' || operation.method === 'head') readOperations.push(operation.operationId);
  }
  return { operations, listOperations, readOperations };
}

/** Top-level property names of the JSON body schema; undefined when the schema does not list them (open). */
function bodyFields(model: ContractModel, operation: ContractOperation): string[] | undefined {
  if (operation.requestBody === undefined) return [];
  const fields = new Set<string>();
  for (const media of operation.requestBody.content) {
    if (media.schema === undefined) return undefined;
    const found = propertiesOf(model, media.schema, 0);
    if (found === undefined) return undefined;
    for (const name of found) fields.add(name);
  }
  return [...fields];
}

function propertiesOf(model: ContractModel, written: Located, depth: number): string[] | undefined {
  const located = tryDeref(model.documents, written);
  if (located === undefined || !isRecord(located.value) || depth > 8) return undefined;
  const schema = located.value;
  const names: string[] = isRecord(schema['properties']) ? Object.keys(schema['properties']) : [];
  let listed = isRecord(schema['properties']);
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const members = schema[keyword];
    if (!Array.isArray(members)) continue;
    for (const [index, member] of members.entries()) {
      const found = propertiesOf(
        model,
        { value: member, file: located.file, pointer: `${located.pointer}/${keyword}/${index}` },
        depth + 1,
      );
      if (found === undefined) return undefined;
      names.push(...found);
      listed = true;
    }
  }
  return listed ? names : undefined;
}

/** A GET whose success response is an array, or an object with an array `items` (a page). */
function returnsCollection(model: ContractModel, operation: ContractOperation): boolean {
  if (operation.method !== 'get') return false;
  for (const response of operation.responses) {
    if (!/^2/.test(response.status)) continue;
    for (const media of response.content) {
      if (media.schema === undefined) continue;
      const schema = tryDeref(model.documents, media.schema);
      if (schema === undefined || !isRecord(schema.value)) continue;
      if (schema.value['type'] === 'array') return true;
      const properties = schema.value['properties'];
      if (isRecord(properties) && properties['items'] !== undefined) {
        const items = tryDeref(model.documents, {
          value: properties['items'],
          file: schema.file,
          pointer: `${schema.pointer}/properties/items`,
        });
        if (items !== undefined && isRecord(items.value) && items.value['type'] === 'array') return true;
      }
    }
  }
  return false;
}
