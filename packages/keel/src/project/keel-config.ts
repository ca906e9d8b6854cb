import type { ErrorFormat } from '../runtime/error-format.ts';
import { rateLimitPattern, type RateLimitsConfig } from '../runtime/rate-limit-config.ts';

/** The settings of a Keel project, read from `keel.yaml`. Every field has a default, so an empty file is valid. */
export interface KeelConfig {
  readonly name: string;
  readonly contract: string;
  readonly migrations: string;
  readonly seeds: string;
  readonly handlers: string;
  readonly requirements: string;
  readonly architecture: string;
  readonly decisions: string;
  readonly runtime: RuntimeConfig;
  /** Rules re-levelled or disabled for this project, each with the reason reports show. */
  readonly rules: Readonly<Record<string, RuleOverride>>;
  /** What `keel serve --demo` (and `keel journey --serve`) hands a visitor besides the seeded data. */
  readonly demo: DemoConfig;
  /** Settings of the tests stage. */
  readonly tests: TestsConfig;
}

/** keel.yaml's `tests`: what the tests gate holds the project to beyond passing tests. */
export interface TestsConfig {
  /** Mutation testing (`keel test --mutation`); the gate judges the score only when a threshold is set. */
  readonly mutation: MutationConfig;
}

export interface MutationConfig {
  /** The lowest mutation score (0 to 100) the tests gate accepts; absent: the score is reported, not judged. */
  readonly threshold: number | undefined;
  /** Globs (relative to the root, `!` excludes) of the files to mutate; absent: the `.ts` files beside the handlers. */
  readonly mutate: readonly string[] | undefined;
}

/** The demo a project offers: principals of the seed data, each given an access token when the demo starts. */
export interface DemoConfig {
  readonly principals: readonly DemoPrincipal[];
}

export interface DemoPrincipal {
  /** Who this is, for people: `Ada, admin of Acme Rooms`. */
  readonly label: string;
  /** The user id (`sub`) the seeds give this principal. */
  readonly subject: string;
  /** The tenant the token is scoped to, when the project's tokens carry one. */
  readonly tenant?: string;
}

/** A project's decision to treat a rule differently from Keel's default; the reason is mandatory and reported. */
export interface RuleOverride {
  readonly severity: 'error' | 'warning' | 'info' | 'off';
  readonly reason: string;
}

export interface RuntimeConfig {
  /** Largest accepted request body, in bytes. */
  readonly bodyLimit: number;
  /** Validate every response against the contract: `auto` means in development and test, not in production. */
  readonly responseValidation: 'auto' | 'always' | 'never';
  /** How long a stored Idempotency-Key response is replayed, in seconds. */
  readonly idempotencyTtlSeconds: number;
  /** Base of the `type` URI of problem documents; the error code is appended. */
  readonly problemTypeBase: string;
  /**
   * Requests per caller and operation class (read, write, public), shared through Redis when REDIS_URL is set. When
   * keel.yaml says nothing: the defaults of rate-limit-config.ts, except in test mode, where tests would trip them.
   */
  readonly rateLimits: RateLimitsConfig | undefined;
  /** The body of every error, when the project's clients do not read RFC 9457 problem details (the default). */
  readonly errorFormat?: ErrorFormat | undefined;
}

export const defaultRuntimeConfig: RuntimeConfig = {
  bodyLimit: 1024 * 1024,
  responseValidation: 'auto',
  idempotencyTtlSeconds: 24 * 60 * 60,
  problemTypeBase: 'https://keel.dev/errors/',
  rateLimits: undefined,
};

/** JSON Schema for keel.yaml (the part the foundation reads); later stages add their sections. */
export const keelConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: true,
  properties: {
    name: { type: 'string', minLength: 1 },
    contract: { type: 'string', minLength: 1 },
    migrations: { type: 'string', minLength: 1 },
    seeds: { type: 'string', minLength: 1 },
    handlers: { type: 'string', minLength: 1 },
    requirements: { type: 'string', minLength: 1 },
    architecture: { type: 'string', minLength: 1 },
    decisions: { type: 'string', minLength: 1 },
    rules: {
      type: 'object',
      propertyNames: { pattern: '^[a-z]+/[a-z0-9-]+$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['severity', 'reason'],
        properties: {
          severity: { enum: ['error', 'warning', 'info', 'off'] },
          reason: { type: 'string', minLength: 10 },
        },
      },
    },
    demo: {
      type: 'object',
      additionalProperties: false,
      properties: {
        principals: {
          type: 'array',
          maxItems: 20,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['label', 'subject'],
            properties: {
              label: { type: 'string', minLength: 1, maxLength: 120 },
              subject: { type: 'string', minLength: 1, maxLength: 200 },
              tenant: { type: 'string', minLength: 1, maxLength: 200 },
            },
          },
        },
      },
    },
    tests: {
      type: 'object',
      additionalProperties: false,
      properties: {
        mutation: {
          type: 'object',
          additionalProperties: false,
          properties: {
            threshold: { type: 'number', minimum: 0, maximum: 100 },
            mutate: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          },
        },
      },
    },
    runtime: {
      type: 'object',
      additionalProperties: false,
      properties: {
        bodyLimit: { type: 'integer', minimum: 1 },
        responseValidation: { enum: ['auto', 'always', 'never'] },
        idempotencyTtlSeconds: { type: 'integer', minimum: 1 },
        problemTypeBase: { type: 'string', minLength: 1 },
        errorFormat: {
          type: 'object',
          additionalProperties: false,
          required: ['mediaType', 'body'],
          properties: {
            mediaType: { type: 'string', pattern: '^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+$' },
            body: { type: ['object', 'array'] },
            statuses: {
              type: 'object',
              propertyNames: { pattern: '^KEEL_[A-Z0-9_]+$' },
              additionalProperties: { type: 'integer', minimum: 400, maximum: 599 },
            },
          },
        },
        rateLimits: {
          type: 'object',
          additionalProperties: false,
          properties: {
            read: { type: 'string', pattern: rateLimitPattern },
            write: { type: 'string', pattern: rateLimitPattern },
            public: { type: 'string', pattern: rateLimitPattern },
          },
        },
      },
    },
  },
} as const;
