import { contractStage } from '../contract/contract-stage.ts';
import type { ContractModel, ContractOperation } from '../contract/contract-model.ts';
import { walkSchema, type SchemaNode } from '../contract/schema-walk.ts';
import type { Location } from '../journey/finding.ts';
import { joinPointer } from '../source/index.ts';
import type { CheckContext } from '../journey/stage.ts';
import type { DataModel, Table } from '../model/model-model.ts';
import { modelStage } from '../model/model-stage.ts';
import type { Requirements } from '../requirements/requirements-model.ts';
import { requirementsStage } from '../requirements/requirements-stage.ts';
import type { AccessModel, Tenancy } from './access-model.ts';

/** What the design review knows of the project beyond access.yaml: the contract, the tables and the requirements. */
export interface AccessFacts {
  readonly contract: ContractModel | undefined;
  readonly operations: ReadonlyMap<string, OperationFacts>;
  /** Undefined when the migrations cannot be read: rules about columns then stay quiet. */
  readonly tables: ReadonlyMap<string, Table> | undefined;
  readonly requirements: Requirements | undefined;
}

/** A contract operation as access control sees it. */
export interface OperationFacts {
  readonly operation: ContractOperation;
  /** The table its rows come from: `x-keel-table` on the operation, else on its response schema, else its request schema. */
  readonly table: string | undefined;
  readonly pathParameters: readonly string[];
  /** Top-level properties of its request body. */
  readonly bodyProperties: readonly string[];
  /** Every property name reachable in its request body, and in its responses. */
  readonly requestNames: ReadonlySet<string>;
  readonly responseProperties: readonly ResponseProperty[];
  readonly writes: boolean;
}

/** A property of a response schema, with the path that reaches it, e.g. `200 body.items[].keyHash`. */
export interface ResponseProperty {
  readonly name: string;
  readonly label: string;
  readonly at: Location;
}

const cache = new WeakMap<AccessModel, Promise<AccessFacts>>();

/** The facts for one run, gathered once per model and shared by every rule. */
export function accessFacts(model: AccessModel, context: CheckContext): Promise<AccessFacts> {
  let facts = cache.get(model);
  if (facts === undefined) {
    facts = gather(context);
    cache.set(model, facts);
  }
  return facts;
}

async function gather(context: CheckContext): Promise<AccessFacts> {
  const [contract, data, requirements] = await Promise.all([
    context.model(contractStage),
    context.model(modelStage).catch(() => undefined),
    context.model(requirementsStage).catch(() => undefined),
  ]);
  const operations = new Map<string, OperationFacts>();
  for (const operation of contract?.operations ?? []) {
    if (operation.operationId !== '')
      operations.set(operation.operationId, operationFacts(contract as ContractModel, operation));
  }
  return {
    contract,
    operations,
    tables: tablesOf(data),
    requirements,
  };
}

function tablesOf(data: DataModel | undefined): ReadonlyMap<string, Table> | undefined {
  return data === undefined ? undefined : new Map(data.tables.map((table) => [table.name, table]));
}

const writeMethods = new Set(['post', 'put', 'patch', 'delete']);

function operationFacts(contract: ContractModel, operation: ContractOperation): OperationFacts {
  const responseTables: string[] = [];
  const requestTables: string[] = [];
  const responseProperties: ResponseProperty[] = [];
  const requestNames = new Set<string>();
  const bodyProperties: string[] = [];
  for (const response of operation.responses) {
    for (const media of response.content) {
      if (media.schema === undefined) continue;
      walkSchema(contract, media.schema, `${response.status} body`, (node) => {
        const table = node.schema['x-keel-table'];
        if (typeof table === 'string' && response.status.startsWith('2')) responseTables.push(table);
        for (const property of propertiesOf(contract, node)) {
          responseProperties.push({ ...property, label: `${operation.operationId} ${node.label}.${property.name}` });
        }
      });
    }
  }
  for (const media of operation.requestBody?.content ?? []) {
    if (media.schema === undefined) continue;
    walkSchema(contract, media.schema, 'body', (node) => {
      const table = node.schema['x-keel-table'];
      if (typeof table === 'string') requestTables.push(table);
      for (const property of propertiesOf(contract, node)) {
        requestNames.add(property.name);
        if (node.label === 'body') bodyProperties.push(property.name);
      }
    });
  }
  // An operation whose bodies carry no table (a DELETE answered 204) names it on the operation itself.
  const declared = operation.source.value['x-keel-table'];
  return {
    operation,
    table: (typeof declared === 'string' ? declared : undefined) ?? responseTables[0] ?? requestTables[0],
    pathParameters: operation.parameters.filter((parameter) => parameter.in === 'path').map((p) => p.name),
    bodyProperties,
    requestNames,
    responseProperties,
    writes: writeMethods.has(operation.method),
  };
}

/** Whether a table holds tenant rows: it has the tenant column, or it is the tenants table itself. */
export function tenantColumnOf(
  table: string | undefined,
  facts: AccessFacts,
  tenancy: Tenancy | undefined,
): string | undefined {
  if (table === undefined || tenancy === undefined) return undefined;
  if (tenancy.tenants?.table.value === table) return tenancy.tenants.key.value;
  const columns = facts.tables?.get(table)?.columns;
  return columns?.some((column) => column.name === tenancy.column.value) === true ? tenancy.column.value : undefined;
}

/** What a policy decision needs of an operation: its table's tenant column and whether its path names the tenant. */
export function operationScope(
  model: AccessModel,
  facts: AccessFacts,
  operationId: string,
): { readonly tenantColumn: string | undefined; readonly tenantInPath: boolean } {
  const operation = facts.operations.get(operationId);
  const parameter = model.tenancy?.parameter.value;
  return {
    tenantColumn: tenantColumnOf(operation?.table, facts, model.tenancy),
    tenantInPath: parameter !== undefined && operation?.pathParameters.includes(parameter) === true,
  };
}

/**
 * The properties a schema declares, each where it is written. Read from the schema's own `properties` rather than from
 * the walk's visits, since the walk visits a schema shared through `$ref` (two timestamps) only once.
 */
function propertiesOf(contract: ContractModel, node: SchemaNode): { name: string; at: Location }[] {
  const properties = node.schema['properties'];
  if (typeof properties !== 'object' || properties === null) return [];
  const hash = node.key.lastIndexOf('#');
  const file = node.key.slice(0, hash);
  const pointer = node.key.slice(hash + 1);
  return Object.keys(properties).map((name) => ({
    name,
    at: contract.documents.locate({ file, pointer: `${pointer}${joinPointer(['properties', name])}` }),
  }));
}
