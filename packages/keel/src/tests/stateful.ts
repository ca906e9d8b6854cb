import type { Contract, Operation } from '../contract/index.ts';
import { createdId, expectValid } from './conformance.ts';
import { invalidVariants } from './invalid-inputs.ts';
import { collectionOf, jsonBodySchema, planRequest, sampleInputs } from './request-plan.ts';
import { linkValues, responseLinks, type ResponseLink } from './response-links.ts';
import type { PlannedRequest, SuiteContext } from './suite-context.ts';

/** The operations on one collection, linked by the create's response `links`, else by the item path `<collection>/{id}`. */
interface Lifecycle {
  readonly collection: string;
  readonly create: Operation;
  readonly read: Operation | undefined;
  readonly update: Operation | undefined;
  readonly list: Operation | undefined;
  readonly remove: Operation | undefined;
  /** The create's links that chose the read, update or delete, whose expressions give their parameters. */
  readonly links: Readonly<Partial<Record<LinkedStep, ResponseLink>>>;
}

type LinkedStep = 'read' | 'update' | 'remove';

const linkedStepOf: Readonly<Record<string, LinkedStep>> = {
  get: 'read',
  patch: 'update',
  put: 'update',
  delete: 'remove',
};

/**
 * Finds each collection's create, read, update, list and delete operations: from the OpenAPI `links` the create's
 * success response declares, else from the paths (`POST /x` creates, `GET`, `PATCH` or `PUT`, `DELETE /x/{id}`).
 */
export function lifecycles(contract: Contract): Lifecycle[] {
  const found: Lifecycle[] = [];
  for (const create of contract.operations) {
    if (create.method !== 'post' || create.path.endsWith('}')) continue;
    const itemPath = new RegExp(`^${escape(create.path)}/\\{[^}/]+\\}$`);
    const on = (method: string, exact: boolean) =>
      contract.operations.find(
        (operation) =>
          operation.method === method && (exact ? operation.path === create.path : itemPath.test(operation.path)),
      );
    const collection = create.path.split('/').at(-1) ?? create.path;
    const links: Partial<Record<LinkedStep, ResponseLink>> = {};
    for (const link of responseLinks(contract, create)) {
      const step = linkedStepOf[link.target.method];
      if (step !== undefined && links[step] === undefined && link.target.path !== create.path) links[step] = link;
    }
    found.push({
      collection,
      create,
      read: links.read?.target ?? on('get', false),
      update: links.update?.target ?? on('patch', false) ?? on('put', false),
      list: on('get', true),
      remove: links.remove?.target ?? on('delete', false),
      links,
    });
  }
  return found;
}

/**
 * The stateful suite: per collection, create → read at once → update → list → delete → read again (404), and a failed
 * create that must leave nothing behind (the list stays as it was).
 */
export async function runStateful(context: SuiteContext, contract: Contract): Promise<void> {
  for (const lifecycle of lifecycles(contract)) await runLifecycle(context, lifecycle);
}

async function runLifecycle(context: SuiteContext, lifecycle: Lifecycle): Promise<void> {
  const { create, read, update, list, remove, collection, links } = lifecycle;
  const [caller] = context.allowedPrincipals(create);
  if (caller === undefined && !context.isPublic(create.operationId)) return;
  const [sample] = sampleInputs(create, context.seed + 1, 1);
  if (sample === undefined) return;
  const before = list === undefined ? undefined : await listedIds(context, list, caller);

  const failedCreate = invalidCreate(context, create, sample, caller);
  if (failedCreate !== undefined && list !== undefined) {
    const response = await context.send(failedCreate);
    const after = await listedIds(context, list, caller);
    if (response.statusCode >= 400 && before !== undefined && after !== undefined && after.size > before.size) {
      context.fail(
        'tests/failed-create-leaves-data',
        create,
        `a create refused with ${response.statusCode} still added ${after.size - before.size} item(s) to ${list.operationId}`,
        failedCreate,
        response,
      );
    }
  }

  // A few samples: one the handler refuses for a business reason (or fails on) must not end the sequence.
  let creation = planRequest(context, create, sample, { principal: caller });
  let created = await context.send(creation);
  for (const next of sampleInputs(create, context.seed + 4, 5)) {
    if (created.statusCode === 201 || created.statusCode === 200) break;
    expectValid(context, create, creation, created);
    creation = planRequest(context, create, next, { principal: caller });
    created = await context.send(creation);
  }
  expectValid(context, create, creation, created);
  if (created.statusCode !== 201 && created.statusCode !== 200) return;
  // Without an id in the body or Location, only links can name the created resource.
  const id = createdId(created);
  if (id === undefined && Object.keys(links).length === 0) return;
  if (id !== undefined) context.remember(collection, caller?.tenantLabel ?? 'a', id, creation);
  const linked = (step: LinkedStep) => {
    const link = links[step];
    return link === undefined ? undefined : linkValues(link, creation, create, created);
  };

  const readRequest = read === undefined ? undefined : itemRequest(context, read, caller, linked('read'));
  if (read !== undefined && readRequest !== undefined) {
    const response = await context.send(readRequest);
    expectValid(context, read, readRequest, response);
    if (response.statusCode !== 200) {
      context.fail(
        'tests/created-not-readable',
        create,
        `${read.operationId} of a resource just created got ${response.statusCode}, not 200`,
        readRequest,
        response,
      );
    }
  }
  const location = created.headers['location'];
  if (typeof location === 'string' && location.startsWith('/') && read !== undefined) {
    const request: PlannedRequest = {
      method: 'GET',
      url: location,
      headers: { ...caller?.headers },
      principal: caller,
    };
    const response = await context.send(request);
    if (response.statusCode !== 200) {
      context.fail(
        'tests/created-not-readable',
        create,
        `the Location of a resource just created (${location}) got ${response.statusCode}, not 200`,
        request,
        response,
      );
    }
  }
  if (update !== undefined) {
    const [change] = sampleInputs(update, context.seed + 2, 1);
    const [updater] = context.allowedPrincipals(update);
    if (change !== undefined && updater !== undefined) {
      const planned = planRequest(context, update, change, { principal: updater });
      const values = linked('update');
      const request =
        values === undefined ? planned : { ...planned, url: withPathValues(update.path, planned.url, values) };
      const etag = readRequest === undefined ? undefined : (await context.send(readRequest)).headers['etag'];
      const withPrecondition =
        typeof etag === 'string' ? { ...request, headers: { ...request.headers, 'if-match': etag } } : request;
      expectValid(context, update, withPrecondition, await context.send(withPrecondition));
    }
  }
  if (list !== undefined) {
    const request = planRequest(context, list, { params: {}, body: undefined }, { principal: caller });
    expectValid(context, list, request, await context.send(request));
  }
  if (remove === undefined || readRequest === undefined) return;
  const [remover] = context.allowedPrincipals(remove);
  const deletion = itemRequest(context, remove, remover, linked('remove'));
  if (deletion === undefined) return;
  const deleted = await context.send(deletion);
  expectValid(context, remove, deletion, deleted);
  if (deleted.statusCode >= 300) return;
  if (id !== undefined) context.forget(collection, caller?.tenantLabel ?? 'a', id);
  const again = await context.send(readRequest);
  if (again.statusCode !== 404 && again.statusCode !== 410) {
    context.fail(
      'tests/use-after-delete',
      remove,
      `${read?.operationId ?? 'reading'} after ${remove.operationId} got ${again.statusCode}, not 404`,
      readRequest,
      again,
      [deletion],
    );
  }
}

/**
 * A request on the item just created: its path parameters from the link's values when a link chose the operation,
 * else the id last remembered for the collection.
 */
function itemRequest(
  context: SuiteContext,
  operation: Operation,
  principal: PlannedRequest['principal'],
  linked: Readonly<Record<string, string>> | undefined,
): PlannedRequest | undefined {
  const [sample] = sampleInputs(operation, context.seed + 3, 1);
  if (sample === undefined) return undefined;
  const identifier = operation.parameters.find(
    (parameter) => parameter.in === 'path' && collectionOf(operation.path, parameter.name) !== undefined,
  );
  if (identifier === undefined && linked === undefined) return undefined;
  const planned = planRequest(context, operation, { params: sample.params, body: sample.body }, { principal });
  return linked === undefined ? planned : { ...planned, url: withPathValues(operation.path, planned.url, linked) };
}

/** The URL with the path parameters that have a value replaced by it. */
function withPathValues(template: string, url: string, values: Readonly<Record<string, string>>): string {
  const [path = '', search] = url.split('?');
  const segments = path.split('/');
  template.split('/').forEach((segment, index) => {
    const value = /^\{(.+)\}$/.exec(segment)?.[1];
    if (value !== undefined && values[value] !== undefined) segments[index] = encodeURIComponent(values[value]);
  });
  return search === undefined ? segments.join('/') : `${segments.join('/')}?${search}`;
}

function invalidCreate(
  context: SuiteContext,
  create: Operation,
  sample: { params: Record<string, unknown>; body: unknown },
  caller: PlannedRequest['principal'],
): PlannedRequest | undefined {
  const schema = jsonBodySchema(create);
  if (schema === undefined) return undefined;
  const valid = planRequest(context, create, sample, { principal: caller });
  const variant = invalidVariants(schema, valid.body).find(
    (candidate) => candidate.kind !== 'wrong type' && !context.checker.accepts(schema as object, candidate.value),
  );
  return variant === undefined ? undefined : { ...valid, body: variant.value };
}

/** The identifiers a list operation returns on its first page (items of the first array in its body). */
async function listedIds(
  context: SuiteContext,
  list: Operation,
  principal: PlannedRequest['principal'],
): Promise<Set<string> | undefined> {
  const response = await context.send(planRequest(context, list, { params: {}, body: undefined }, { principal }));
  if (response.statusCode !== 200) return undefined;
  try {
    const body = JSON.parse(response.body) as unknown;
    const items = Array.isArray(body) ? body : Object.values(body as object).find((value) => Array.isArray(value));
    if (!Array.isArray(items)) return undefined;
    return new Set(items.map((item: { id?: unknown }) => String(item.id)));
  } catch {
    return undefined;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
