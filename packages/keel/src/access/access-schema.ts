const name = { type: 'string', minLength: 1 } as const;

const nameList = (description: string) =>
  ({ type: 'array', description, uniqueItems: true, items: { type: 'string', minLength: 1 } }) as const;

const rolePropertyLists = (description: string) =>
  ({
    type: 'object',
    description,
    additionalProperties: nameList('Property names of the operation’s schemas.'),
  }) as const;

const jwtProperties = {
  type: { const: 'jwt' },
  issuer: { ...name, description: 'The `iss` every token must carry.' },
  audience: { ...name, description: 'The `aud` every token must carry.' },
  algorithms: {
    type: 'array',
    description: 'The signature algorithms accepted, pinned: never read from the token (e.g. [ES256]).',
    items: name,
  },
  authorizationScheme: {
    type: 'string',
    pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$",
    description: 'The scheme word of the Authorization header: `Bearer` (the default, RFC 6750), or e.g. `Token`.',
  },
  keys: { enum: ['managed'], description: '`managed`: Keel’s identity provider signs and rotates the keys.' },
  accessTokenLifetime: {
    type: 'string',
    pattern: '^[1-9][0-9]{0,4}(s|min|h)$',
    description:
      'With `keys: managed`, how long an access token Keel issues is valid: seconds (s), minutes (min) or hours (h); default 15min.',
  },
  jwks: { type: 'string', format: 'uri', description: 'The URL of the issuer’s JSON Web Key Set.' },
  publicKeys: nameList('PEM files of the issuer’s public keys, relative to the project root.'),
  roles: {
    type: 'object',
    description: 'Where the principal’s tenant and roles come from: a membership table, or claims of the token.',
    required: ['from'],
    properties: {
      from: { enum: ['memberships', 'claims'] },
      table: { ...name, description: 'The membership table.' },
      principal: { ...name, description: 'Its column holding the principal’s id (the token’s `sub`).' },
      tenant: { ...name, description: 'The tenant column (memberships), or the claim naming the tenant (claims).' },
      role: { ...name, description: 'Its column holding the role.' },
      roles: { ...name, description: 'The claim listing the roles.' },
    },
    additionalProperties: false,
    allOf: [
      {
        if: { properties: { from: { const: 'memberships' } } },
        then: { required: ['table', 'principal', 'tenant', 'role'], not: { required: ['roles'] } },
      },
      {
        if: { properties: { from: { const: 'claims' } } },
        then: { required: ['tenant', 'roles'], not: { anyOf: [{ required: ['table'] }, { required: ['role'] }] } },
      },
    ],
  },
} as const;

const apiKeyProperties = {
  type: { const: 'api-key' },
  header: { ...name, description: 'The request header carrying the key, e.g. X-API-Key.' },
  prefix: { ...name, description: 'The visible prefix of every key, e.g. bk_.' },
  table: { ...name, description: 'The table of keys: hash (sha256, hex), the tenant column, revoked_at.' },
  role: { ...name, description: 'The role every key of this scheme holds.' },
} as const;

/**
 * The JSON Schema (draft 2020-12) of `access.yaml`, decision record 0006, published as
 * `packages/keel/schemas/access.schema.json` (`npm run schemas:write`). It checks shape only: whether roles, operations,
 * columns and properties exist, and what conditions say, are the design review's rules.
 */
export const accessSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://keel.dev/schemas/access.schema.json',
  $comment: 'Generated from packages/keel/src/access/access-schema.ts by `npm run schemas:write`.',
  title: 'Keel access control',
  description:
    'Stage 5 of the Keel journey: who may call each operation of the contract, on which rows, and which fields each ' +
    'role may read and write. Deny by default. See docs/decisions/0006-access-control.md.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'roles', 'operations'],
  properties: {
    $schema: { type: 'string', description: 'The schema this file follows, for editors.' },
    version: { const: 1, description: 'The format’s version: 1.' },
    roles: {
      type: 'object',
      description: 'Every role, named after a requirements actor.',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['kind'],
        properties: {
          kind: {
            enum: ['anonymous', 'authenticated', 'tenant'],
            description: 'anonymous: no credentials; authenticated: any valid credential; tenant: a role in a tenant.',
          },
          includes: nameList('Roles whose permissions this role has too.'),
          grants: nameList('Roles this role may assign to others.'),
          description: { type: 'string' },
        },
      },
    },
    tenancy: {
      type: 'object',
      additionalProperties: false,
      required: ['column', 'parameter'],
      properties: {
        column: { ...name, description: 'The tenant column: a table with it is a tenant table.' },
        parameter: { ...name, description: 'The path parameter naming the request’s tenant.' },
        tenants: {
          type: 'object',
          additionalProperties: false,
          required: ['table', 'key'],
          properties: { table: name, key: name },
        },
      },
    },
    authentication: {
      type: 'object',
      description: 'The authentication schemes, keyed by the contract’s components.securitySchemes names.',
      additionalProperties: {
        type: 'object',
        required: ['type'],
        properties: { type: { enum: ['jwt', 'api-key'], description: 'jwt (bearer token) or api-key (a header).' } },
        allOf: [
          {
            if: { properties: { type: { const: 'jwt' } } },
            then: {
              properties: jwtProperties,
              additionalProperties: false,
              required: ['issuer', 'audience'],
              oneOf: [{ required: ['keys'] }, { required: ['jwks'] }, { required: ['publicKeys'] }],
            },
          },
          {
            if: { properties: { type: { const: 'api-key' } } },
            then: { properties: apiKeyProperties, additionalProperties: false, required: ['header', 'table', 'role'] },
          },
        ],
      },
    },
    operations: {
      type: 'object',
      description: 'Each contract operation by its operationId: without an entry it is denied to everyone.',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['allow'],
        properties: {
          allow: {
            description: 'The roles allowed: a list, or a map from role to true or a condition on the row.',
            oneOf: [
              { type: 'array', uniqueItems: true, items: name },
              { type: 'object', additionalProperties: { oneOf: [{ const: true }, name] } },
            ],
          },
          publicWrite: { ...name, description: 'Why anyone, without credentials, may write through this operation.' },
          privileged: { type: 'boolean', description: 'Grants roles or manages keys or members.' },
          fields: {
            type: 'object',
            additionalProperties: false,
            properties: {
              read: rolePropertyLists('Per role, the response properties it may read; the others are dropped.'),
              write: rolePropertyLists('Per role, the request properties it may write; the others are refused.'),
            },
          },
          description: { type: 'string' },
        },
      },
    },
    fields: {
      type: 'object',
      additionalProperties: false,
      properties: {
        neverReadable: nameList('Property names no response may expose, besides password, hash, secret, token….'),
      },
    },
  },
} as const;

/** The JSON Schema of `access.test.yaml`: expected decisions, every combination not listed being expected denied. */
export const accessTestSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://keel.dev/schemas/access-test.schema.json',
  $comment: 'Generated from packages/keel/src/access/access-schema.ts by `npm run schemas:write`.',
  title: 'Keel access policy tests',
  description: 'Expected allow and deny decisions of access.yaml; every role and operation not listed must be denied.',
  type: 'object',
  additionalProperties: false,
  required: ['tests'],
  properties: {
    $schema: { type: 'string' },
    tests: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['principal', 'operation', 'expect'],
        properties: {
          principal: {
            type: 'object',
            additionalProperties: false,
            required: ['role'],
            properties: {
              role: name,
              tenant: { enum: ['same', 'other'], description: 'In the request’s tenant (same, the default) or not.' },
              id: name,
            },
          },
          operation: { ...name, description: 'An operationId.' },
          row: { type: 'object', description: 'Column values of the row the operation touches.' },
          resource: { type: 'object', description: 'The same as row (decision record 0006 names it resource).' },
          path: { type: 'object', additionalProperties: { type: 'string' }, description: 'Path parameters.' },
          expect: { enum: ['allow', 'deny'] },
          description: { type: 'string' },
        },
        not: { required: ['row', 'resource'] },
      },
    },
  },
} as const;
