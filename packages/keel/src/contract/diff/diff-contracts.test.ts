import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import type { Change, ChangeLevel } from './change.ts';
import { changeClass } from './change-classes.ts';
import { loadContractSide } from './contract-side.ts';
import { diffContracts } from './diff-contracts.ts';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return --
   The cases edit plain JSON documents in place; typing every path would hide what each case changes. */
type Doc = Record<string, any>;

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'keel-contract-diff-'));
});
after(() => rm(work, { recursive: true, force: true }));

let written = 0;
/** Writes both versions as YAML files and diffs them, with "today" pinned for sunset dates. */
async function diff(base: Doc, head: Doc): Promise<Change[]> {
  written += 1;
  const basePath = join(work, `base-${written}.yaml`);
  const headPath = join(work, `head-${written}.yaml`);
  await writeFile(basePath, stringify(base));
  await writeFile(headPath, stringify(head));
  const options = { dir: work, defaultContract: basePath };
  const result = diffContracts(await loadContractSide(basePath, options), await loadContractSide(headPath, options), {
    now: new Date('2027-01-01T00:00:00Z'),
  });
  return [...result.changes];
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });

/** A small API that every case edits: a list, a create, a read and a delete, with shared schemas. */
function baseApi(): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 'Items', version: '1.0.0' },
    servers: [{ url: 'https://api.example.com/v1' }],
    security: [{ bearer: [] }],
    paths: {
      '/items': {
        get: {
          operationId: 'listItems',
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
            { name: 'tag', in: 'query', schema: { type: 'string', enum: ['a', 'b', 'c'] } },
          ],
          responses: {
            '200': {
              description: 'A page.',
              headers: { 'X-Total': { required: true, schema: { type: 'integer' } } },
              content: json({
                type: 'object',
                required: ['items'],
                properties: { items: { type: 'array', items: ref('Item') }, next: { type: 'string' } },
              }),
            },
            '400': { description: 'Bad.', content: { 'application/problem+json': { schema: ref('Problem') } } },
          },
        },
        post: {
          operationId: 'createItem',
          requestBody: { required: true, content: json(ref('NewItem')) },
          responses: { '201': { description: 'Created.', content: json(ref('Item')) } },
        },
      },
      '/items/{itemId}': {
        parameters: [{ name: 'itemId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        get: {
          operationId: 'getItem',
          responses: {
            '200': { description: 'The item.', content: json(ref('Item')) },
            '404': { description: 'None.', content: { 'application/problem+json': { schema: ref('Problem') } } },
          },
        },
        delete: { operationId: 'deleteItem', responses: { '204': { description: 'Gone.' } } },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        oauth: {
          type: 'oauth2',
          flows: {
            clientCredentials: { tokenUrl: 'https://auth.example.com/token', scopes: { read: 'r', write: 'w' } },
          },
        },
      },
      schemas: {
        NewItem: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            price: { type: 'number', minimum: 0 },
            kind: { type: 'string', enum: ['book', 'toy'] },
            code: { type: 'string' },
            count: { type: 'integer' },
            notes: { type: ['string', 'null'] },
          },
        },
        Item: {
          type: 'object',
          required: ['id', 'name', 'status'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            name: { type: 'string', maxLength: 100 },
            status: { type: 'string', enum: ['active', 'archived'] },
            price: { type: 'number', minimum: 0 },
            note: { type: 'string' },
          },
        },
        Problem: { type: 'object', properties: { title: { type: 'string' }, status: { type: 'integer' } } },
      },
    },
  };
}

/** An API whose request and response bodies are unions, for composition cases. */
function petsApi(): Doc {
  const pet = {
    oneOf: [ref('Cat'), ref('Dog')],
    discriminator: {
      propertyName: 'kind',
      mapping: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'Pets', version: '1.0.0' },
    paths: {
      '/pets': {
        post: {
          operationId: 'addPet',
          requestBody: { required: true, content: json(pet) },
          responses: { '200': { description: 'The pet.', content: json(structuredClone(pet)) } },
        },
      },
    },
    components: {
      schemas: {
        Base: {
          type: 'object',
          required: ['kind', 'name'],
          properties: { kind: { type: 'string' }, name: { type: 'string' } },
        },
        Cat: { allOf: [ref('Base'), { type: 'object', properties: { lives: { type: 'integer', maximum: 9 } } }] },
        Dog: { allOf: [ref('Base'), { type: 'object', properties: { breed: { type: 'string' } } }] },
        Bird: { allOf: [ref('Base'), { type: 'object', properties: { wings: { type: 'integer' } } }] },
      },
    },
  };
}

interface Case {
  readonly name: string;
  readonly base?: () => Doc;
  readonly change: (doc: Doc) => void;
  /** Every change expected, as `id` (its level is checked against the class and the expected level). */
  readonly expect: readonly (readonly [id: string, level: ChangeLevel])[];
}

const items = (doc: Doc) => doc['paths']['/items'];
const item = (doc: Doc) => doc['paths']['/items/{itemId}'];
const schemas = (doc: Doc) => doc['components']['schemas'];

const cases: readonly Case[] = [
  // Existence: paths, operations, statuses, media types.
  { name: 'identical contracts', change: () => undefined, expect: [] },
  {
    name: 'a whole path removed',
    change: (doc) => delete doc['paths']['/items/{itemId}'],
    expect: [['path-removed', 'breaking']],
  },
  {
    name: 'an operation removed',
    change: (doc) => delete item(doc).delete,
    expect: [['operation-removed', 'breaking']],
  },
  {
    name: 'an operation added',
    change: (doc) => (item(doc).put = { operationId: 'replaceItem', responses: { '204': { description: 'ok' } } }),
    expect: [['operation-added', 'non-breaking']],
  },
  {
    name: 'a new endpoint',
    change: (doc) =>
      (doc['paths']['/tags'] = { get: { operationId: 'listTags', responses: { '200': { description: 'ok' } } } }),
    expect: [['path-added', 'non-breaking']],
  },
  {
    name: 'a path parameter renamed in the template',
    change: (doc) => {
      doc['paths']['/items/{id}'] = item(doc);
      delete doc['paths']['/items/{itemId}'];
      doc['paths']['/items/{id}'].parameters[0].name = 'id';
    },
    expect: [['path-parameter-renamed', 'non-breaking']],
  },
  {
    name: 'a required response property removed',
    change: (doc) => {
      delete schemas(doc).Item.properties.name;
      schemas(doc).Item.required = ['id', 'status'];
    },
    expect: [['response-property-removed', 'breaking']],
  },
  {
    name: 'an optional response property removed',
    change: (doc) => delete schemas(doc).Item.properties.note,
    expect: [['response-property-removed-optional', 'possibly-breaking']],
  },
  {
    name: 'a success status removed',
    change: (doc) => {
      items(doc).post.responses = { '200': items(doc).post.responses['201'] };
    },
    expect: [
      ['response-success-status-removed', 'breaking'],
      ['response-status-added', 'non-breaking'],
    ],
  },
  {
    name: 'an error status removed',
    change: (doc) => delete items(doc).get.responses['400'],
    expect: [['response-status-removed', 'possibly-breaking']],
  },
  {
    name: 'a status folded into a 4XX range',
    change: (doc) => {
      item(doc).get.responses['4XX'] = item(doc).get.responses['404'];
      delete item(doc).get.responses['404'];
    },
    expect: [
      ['response-status-covered-by-range', 'non-breaking'],
      ['response-status-added', 'non-breaking'],
    ],
  },
  {
    name: 'a response media type replaced',
    change: (doc) => (items(doc).post.responses['201'].content = { 'application/xml': { schema: ref('Item') } }),
    expect: [
      ['response-media-type-removed', 'breaking'],
      ['response-media-type-added', 'non-breaking'],
    ],
  },
  {
    name: 'a request media type removed',
    change: (doc) =>
      (items(doc).post.requestBody.content = { 'application/x-www-form-urlencoded': { schema: ref('NewItem') } }),
    expect: [
      ['request-media-type-removed', 'breaking'],
      ['request-media-type-added', 'non-breaking'],
    ],
  },
  // New or newly required parameters, properties, headers, bodies.
  {
    name: 'a new required query parameter',
    change: (doc) =>
      items(doc).get.parameters.push({ name: 'owner', in: 'query', required: true, schema: { type: 'string' } }),
    expect: [['request-parameter-added-required', 'breaking']],
  },
  {
    name: 'a new optional query parameter',
    change: (doc) => items(doc).get.parameters.push({ name: 'owner', in: 'query', schema: { type: 'string' } }),
    expect: [['request-parameter-added', 'non-breaking']],
  },
  {
    name: 'a new required request header',
    change: (doc) =>
      (items(doc).post.parameters = [
        { name: 'X-Request-Id', in: 'header', required: true, schema: { type: 'string' } },
      ]),
    expect: [['request-parameter-added-required', 'breaking']],
  },
  {
    name: 'a query parameter became required',
    change: (doc) => (items(doc).get.parameters[1].required = true),
    expect: [['request-parameter-became-required', 'breaking']],
  },
  {
    name: 'a query parameter removed',
    change: (doc) => items(doc).get.parameters.pop(),
    expect: [['request-parameter-removed', 'possibly-breaking']],
  },
  {
    name: 'a new required request property',
    change: (doc) => {
      schemas(doc).NewItem.properties.sku = { type: 'string' };
      schemas(doc).NewItem.required.push('sku');
    },
    expect: [['request-property-added-required', 'breaking']],
  },
  {
    name: 'a new optional request property',
    change: (doc) => (schemas(doc).NewItem.properties.sku = { type: 'string', maxLength: 20 }),
    expect: [['request-property-added', 'non-breaking']],
  },
  {
    name: 'a request property became required',
    change: (doc) => schemas(doc).NewItem.required.push('price'),
    expect: [['request-property-became-required', 'breaking']],
  },
  {
    name: 'a request property removed from a closed object',
    change: (doc) => delete schemas(doc).NewItem.properties.code,
    expect: [['request-property-removed-now-rejected', 'breaking']],
  },
  {
    name: 'a required request body added',
    change: (doc) => (item(doc).delete.requestBody = { required: true, content: json({ type: 'object' }) }),
    expect: [['request-body-added-required', 'breaking']],
  },
  {
    name: 'an optional request body became required',
    base: () => {
      const doc = baseApi();
      items(doc).post.requestBody.required = false;
      return doc;
    },
    change: (doc) => (items(doc).post.requestBody.required = true),
    expect: [['request-body-became-required', 'breaking']],
  },
  {
    name: 'the request body removed',
    change: (doc) => delete items(doc).post.requestBody,
    expect: [['request-body-removed', 'breaking']],
  },
  {
    name: 'a required response header removed',
    change: (doc) => delete items(doc).get.responses['200'].headers,
    expect: [['response-header-removed', 'breaking']],
  },
  {
    name: 'a response header became optional',
    change: (doc) => (items(doc).get.responses['200'].headers['X-Total'].required = false),
    expect: [['response-header-became-optional', 'breaking']],
  },
  {
    name: 'a response header added',
    change: (doc) => (item(doc).get.responses['200'].headers = { ETag: { schema: { type: 'string' } } }),
    expect: [['response-header-added', 'non-breaking']],
  },
  // Types.
  {
    name: 'a request property changed type',
    change: (doc) => (schemas(doc).NewItem.properties.count = { type: 'string' }),
    expect: [['request-property-type-changed', 'breaking']],
  },
  {
    name: 'a request number narrowed to integer',
    change: (doc) => (schemas(doc).NewItem.properties.price.type = 'integer'),
    expect: [['request-property-type-narrowed', 'breaking']],
  },
  {
    name: 'a request integer widened to number',
    change: (doc) => (schemas(doc).NewItem.properties.count.type = 'number'),
    expect: [['request-property-type-widened', 'non-breaking']],
  },
  {
    name: 'a response header integer widened to number',
    change: (doc) => (items(doc).get.responses['200'].headers['X-Total'].schema.type = 'number'),
    expect: [['response-header-type-widened', 'breaking']],
  },
  {
    name: 'a response body changed type',
    change: (doc) => (item(doc).get.responses['200'].content = json({ type: 'array', items: ref('Item') })),
    expect: [['response-body-type-changed', 'breaking']],
  },
  // Tightened request constraints.
  {
    name: 'a request minimum increased',
    change: (doc) => (schemas(doc).NewItem.properties.price.minimum = 1),
    expect: [['request-property-min-increased', 'breaking']],
  },
  {
    name: 'a query parameter maximum decreased',
    change: (doc) => (items(doc).get.parameters[0].schema.maximum = 50),
    expect: [['request-parameter-max-decreased', 'breaking']],
  },
  {
    name: 'a request minimum made exclusive',
    change: (doc) => {
      delete schemas(doc).NewItem.properties.price.minimum;
      schemas(doc).NewItem.properties.price.exclusiveMinimum = 0;
    },
    expect: [['request-property-exclusive-min-increased', 'breaking']],
  },
  {
    name: 'a request maxLength decreased',
    change: (doc) => (schemas(doc).NewItem.properties.name.maxLength = 50),
    expect: [['request-property-max-length-decreased', 'breaking']],
  },
  {
    name: 'a request minLength increased',
    change: (doc) => (schemas(doc).NewItem.properties.name.minLength = 3),
    expect: [['request-property-min-length-increased', 'breaking']],
  },
  {
    name: 'a request maxLength set where there was none',
    change: (doc) => (schemas(doc).NewItem.properties.code.maxLength = 10),
    expect: [['request-property-max-length-set', 'possibly-breaking']],
  },
  {
    name: 'a request pattern added',
    change: (doc) => (schemas(doc).NewItem.properties.code.pattern = '^[A-Z]{3}$'),
    expect: [['request-property-pattern-added', 'breaking']],
  },
  {
    name: 'a request enum value removed',
    change: (doc) => (schemas(doc).NewItem.properties.kind.enum = ['book']),
    expect: [['request-property-enum-value-removed', 'breaking']],
  },
  {
    name: 'a query parameter enum value removed',
    change: (doc) => (items(doc).get.parameters[1].schema.enum = ['a', 'b']),
    expect: [['request-parameter-enum-value-removed', 'breaking']],
  },
  {
    name: 'a request format added',
    change: (doc) => (schemas(doc).NewItem.properties.code.format = 'email'),
    expect: [['request-property-format-added', 'breaking']],
  },
  {
    name: 'a path parameter format changed',
    change: (doc) => (item(doc).parameters[0].schema.format = 'ulid'),
    expect: [['request-parameter-format-changed', 'breaking']],
  },
  {
    name: 'a request property no longer nullable',
    change: (doc) => (schemas(doc).NewItem.properties.notes.type = 'string'),
    expect: [['request-property-became-not-nullable', 'breaking']],
  },
  {
    name: 'a request const added',
    change: (doc) => (schemas(doc).NewItem.properties.code.const = 'X'),
    expect: [['request-property-const-added', 'breaking']],
  },
  {
    name: 'a parameter default changed',
    change: (doc) => (items(doc).get.parameters[0].schema.default = 50),
    expect: [['request-parameter-default-value-changed', 'breaking']],
  },
  {
    name: 'a request property became readOnly',
    change: (doc) => (schemas(doc).NewItem.properties.code.readOnly = true),
    expect: [['request-property-became-read-only', 'breaking']],
  },
  {
    name: 'undeclared request properties forbidden',
    base: () => {
      const doc = baseApi();
      delete schemas(doc).NewItem.additionalProperties;
      return doc;
    },
    change: (doc) => (schemas(doc).NewItem.additionalProperties = false),
    expect: [['request-body-additional-properties-forbidden', 'possibly-breaking']],
  },
  {
    name: 'loosened request constraints',
    change: (doc) => {
      schemas(doc).NewItem.properties.name.maxLength = 200;
      schemas(doc).NewItem.properties.kind.enum.push('game');
      items(doc).get.parameters[0].schema.maximum = 500;
    },
    expect: [
      ['request-property-max-length-increased', 'non-breaking'],
      ['request-property-enum-value-added', 'non-breaking'],
      ['request-parameter-max-increased', 'non-breaking'],
    ],
  },
  // Loosened response guarantees.
  {
    name: 'a response property became optional',
    change: (doc) => (schemas(doc).Item.required = ['id', 'name']),
    expect: [['response-property-became-optional', 'breaking']],
  },
  {
    name: 'a response property became nullable',
    change: (doc) => (schemas(doc).Item.properties.name.type = ['string', 'null']),
    expect: [['response-property-became-nullable', 'breaking']],
  },
  {
    name: 'a response property became nullable through oneOf with null',
    change: (doc) => (schemas(doc).Item.properties.note = { oneOf: [{ type: 'string' }, { type: 'null' }] }),
    expect: [['response-property-became-nullable', 'breaking']],
  },
  {
    name: 'a response enum value added',
    change: (doc) => schemas(doc).Item.properties.status.enum.push('deleted'),
    expect: [['response-property-enum-value-added', 'possibly-breaking']],
  },
  {
    name: 'an extensible response enum value added',
    base: () => {
      const doc = baseApi();
      schemas(doc).Item.properties.status = { type: 'string', 'x-extensible-enum': ['active', 'archived'] };
      return doc;
    },
    change: (doc) => schemas(doc).Item.properties.status['x-extensible-enum'].push('deleted'),
    expect: [],
  },
  {
    name: 'a response maxLength increased',
    change: (doc) => (schemas(doc).Item.properties.name.maxLength = 200),
    expect: [['response-property-max-length-increased', 'breaking']],
  },
  {
    name: 'a response minimum removed',
    change: (doc) => delete schemas(doc).Item.properties.price.minimum,
    expect: [['response-property-min-unset', 'breaking']],
  },
  {
    name: 'a response property added',
    change: (doc) => (schemas(doc).Item.properties.updatedAt = { type: 'string', format: 'date-time' }),
    expect: [['response-property-added', 'non-breaking']],
  },
  // Security.
  {
    name: 'a public operation now needs credentials',
    base: () => {
      const doc = baseApi();
      item(doc).get.security = [];
      return doc;
    },
    change: (doc) => delete item(doc).get.security,
    expect: [['security-requirement-added', 'breaking']],
  },
  {
    name: 'a secured operation made public',
    change: (doc) => (item(doc).get.security = []),
    expect: [['security-requirement-removed', 'non-breaking']],
  },
  {
    name: 'a security scheme replaced',
    change: (doc) => (item(doc).delete.security = [{ apiKey: [] }]),
    expect: [
      ['security-scheme-removed', 'breaking'],
      ['security-scheme-added', 'non-breaking'],
    ],
  },
  {
    name: 'an alternative security scheme added',
    change: (doc) => (item(doc).delete.security = [{ bearer: [] }, { apiKey: [] }]),
    expect: [['security-scheme-added', 'non-breaking']],
  },
  {
    name: 'an OAuth2 scope added',
    base: () => {
      const doc = baseApi();
      item(doc).delete.security = [{ oauth: ['read'] }];
      return doc;
    },
    change: (doc) => (item(doc).delete.security = [{ oauth: ['read', 'write'] }]),
    expect: [['security-scope-added', 'breaking']],
  },
  {
    name: 'an API key moved to another header',
    base: () => {
      const doc = baseApi();
      item(doc).delete.security = [{ apiKey: [] }];
      return doc;
    },
    change: (doc) => (doc['components'].securitySchemes.apiKey.name = 'Authorization'),
    expect: [['security-scheme-changed', 'breaking']],
  },
  // Lifecycle.
  {
    name: 'an operation deprecated without a sunset',
    change: (doc) => (item(doc).delete.deprecated = true),
    expect: [['operation-deprecated-sunset-missing', 'breaking']],
  },
  {
    name: 'an operation deprecated with x-sunset',
    change: (doc) => Object.assign(item(doc).delete, { deprecated: true, 'x-sunset': '2027-06-30' }),
    expect: [['operation-deprecated', 'non-breaking']],
  },
  {
    name: 'an operation deprecated with a Sunset response header',
    change: (doc) => {
      item(doc).delete.deprecated = true;
      item(doc).delete.responses['204'].headers = {
        Sunset: { schema: { type: 'string', example: 'Wed, 30 Jun 2027 00:00:00 GMT' } },
      };
    },
    expect: [
      ['operation-deprecated', 'non-breaking'],
      ['response-header-added', 'non-breaking'],
    ],
  },
  {
    name: 'a deprecated operation removed after its sunset',
    base: () => {
      const doc = baseApi();
      Object.assign(item(doc).delete, { deprecated: true, 'x-sunset': '2026-06-30' });
      return doc;
    },
    change: (doc) => delete item(doc).delete,
    expect: [['operation-removed-after-sunset', 'non-breaking']],
  },
  {
    name: 'a deprecated operation removed before its sunset',
    base: () => {
      const doc = baseApi();
      Object.assign(item(doc).delete, { deprecated: true, 'x-sunset': '2027-06-30' });
      return doc;
    },
    change: (doc) => delete item(doc).delete,
    expect: [['operation-removed-before-sunset', 'breaking']],
  },
  {
    name: 'a request property deprecated without a sunset',
    change: (doc) => (schemas(doc).NewItem.properties.code.deprecated = true),
    expect: [['request-property-deprecated-sunset-missing', 'breaking']],
  },
  // Servers and webhooks.
  {
    name: 'the server URL changed',
    change: (doc) => (doc['servers'] = [{ url: 'https://api.example.com/v2' }]),
    expect: [
      ['server-removed', 'breaking'],
      ['server-added', 'non-breaking'],
    ],
  },
  {
    name: 'a webhook removed',
    base: () => ({
      ...baseApi(),
      webhooks: { itemCreated: { post: { responses: { '200': { description: 'ok' } } } } },
    }),
    change: (doc) => delete doc['webhooks'],
    expect: [['webhook-removed', 'breaking']],
  },
  // Composition.
  {
    name: 'a oneOf alternative added to a request',
    base: petsApi,
    change: (doc) => doc['paths']['/pets'].post.requestBody.content['application/json'].schema.oneOf.push(ref('Bird')),
    expect: [['request-body-one-of-added', 'non-breaking']],
  },
  {
    name: 'a oneOf alternative added to a response',
    base: petsApi,
    change: (doc) =>
      doc['paths']['/pets'].post.responses['200'].content['application/json'].schema.oneOf.push(ref('Bird')),
    expect: [['response-body-one-of-added', 'breaking']],
  },
  {
    name: 'a oneOf alternative and its discriminator value removed from a request',
    base: petsApi,
    change: (doc) => {
      const schema = doc['paths']['/pets'].post.requestBody.content['application/json'].schema;
      schema.oneOf = [ref('Cat')];
      delete schema.discriminator.mapping.dog;
    },
    expect: [
      ['request-body-one-of-removed', 'breaking'],
      ['request-body-discriminator-mapping-removed', 'breaking'],
    ],
  },
  {
    name: 'a constraint tightened inside an allOf branch of a union',
    base: petsApi,
    change: (doc) => (schemas(doc).Cat.allOf[1].properties.lives.maximum = 7),
    expect: [
      ['request-property-max-decreased', 'breaking'],
      ['response-property-max-decreased', 'non-breaking'],
    ],
  },
  {
    name: 'a property made required through a shared allOf base',
    base: petsApi,
    change: (doc) => {
      schemas(doc).Base.properties.age = { type: 'integer' };
      schemas(doc).Base.required.push('age');
    },
    expect: [
      ['request-property-added-required', 'breaking'],
      ['response-property-added', 'non-breaking'],
    ],
  },
  {
    name: 'a change inside a recursive schema',
    base: () => {
      const doc = baseApi();
      schemas(doc).Item.properties.children = { type: 'array', items: ref('Item') };
      return doc;
    },
    change: (doc) => (schemas(doc).Item.properties.note.maxLength = 10),
    expect: [['response-property-max-length-set', 'non-breaking']],
  },
  {
    name: 'a request body wrapped in oneOf',
    change: (doc) =>
      (items(doc).post.requestBody.content = json({
        oneOf: [ref('NewItem'), { type: 'array', items: ref('NewItem') }],
      })),
    expect: [['request-body-wrapped-in-one-of', 'possibly-breaking']],
  },
];

describe('keel contract diff classifies each pair of contract versions', () => {
  for (const entry of cases) {
    test(entry.name, async () => {
      const base = (entry.base ?? baseApi)();
      const head = structuredClone(base);
      entry.change(head);
      const changes = await diff(base, head);
      const found = changes.map((change) => `${change.id} (${change.level})`).sort();
      const wanted = entry.expect.map(([id, level]) => `${id} (${level})`).sort();
      assert.deepEqual([...new Set(found)], [...new Set(wanted)], JSON.stringify(changes, null, 2));
      for (const change of changes) {
        assert.equal(change.level, changeClass(change.id).level);
        assert.ok(
          change.operations.length > 0 || /^(server|webhook)-/.test(change.id),
          `${change.id} names no operation`,
        );
        assert.ok(change.base.line >= 1 && change.head.line >= 1);
      }
    });
  }
});

test('breaking changes come first, and a shared schema yields one change naming every operation', async () => {
  const base = baseApi();
  const head = structuredClone(base);
  schemas(head).Item.properties.status.enum.push('deleted');
  schemas(head).NewItem.required.push('price');
  delete item(head).delete;
  const changes = await diff(base, head);
  assert.deepEqual(
    changes.map((change) => change.level),
    ['breaking', 'breaking', 'possibly-breaking'],
  );
  const enumChange = changes.find((change) => change.id === 'response-property-enum-value-added');
  assert.deepEqual(enumChange?.operations, ['GET /items', 'GET /items/{itemId}', 'POST /items']);
  assert.match(enumChange?.message ?? '', /Item\.status/);
});

test('locations point at the changed lines of each version', async () => {
  const base = baseApi();
  const head = structuredClone(base);
  schemas(head).NewItem.required.push('price');
  const [change] = await diff(base, head);
  assert.equal(change?.id, 'request-property-became-required');
  assert.match(change?.base.file ?? '', /base-\d+\.yaml$/);
  assert.match(change?.head.file ?? '', /head-\d+\.yaml$/);
  // base: the property `price:`; head: the new `- price` entry of `required`.
  assert.notEqual(change?.base.line, change?.head.line);
});

test(`the table holds at least 40 pairs`, () => {
  assert.ok(cases.length >= 40, `${cases.length} cases`);
});
