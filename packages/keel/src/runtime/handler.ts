import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { IdentityProvider } from '../identity/index.ts';
import type { Principal } from './access-control.ts';

/** Headers a handler may set on its response. */
export type ResponseHeaders = Readonly<Record<string, string | number | readonly string[]>>;

/** What every handler receives. The database handle is scoped to the request (a transaction when Keel opened one). */
export interface HandlerContext<
  Params = Readonly<Record<string, unknown>>,
  Query = Readonly<Record<string, unknown>>,
  Headers = Readonly<Record<string, unknown>>,
  Body = unknown,
  DB = unknown,
> {
  readonly params: Params;
  readonly query: Query;
  readonly headers: Headers;
  readonly body: Body;
  readonly db: Kysely<DB>;
  readonly log: FastifyBaseLogger;
  readonly requestId: string;
  readonly operationId: string;
  /** Who is calling, as access.yaml resolved it; undefined when the project has no access.yaml. */
  readonly principal: Principal | undefined;
  /** Keel's identity provider, when an authentication scheme of access.yaml uses `keys: managed`. */
  readonly identity: IdentityProvider | undefined;
  /** A problem-details response (RFC 9457) with this request's id, for the errors a handler decides on. */
  readonly problem: <S extends number>(status: S, code: string, detail: string) => ProblemResult<S>;
}

/** What `context.problem()` returns: a status and a problem document, as the contract's error responses declare. */
export interface ProblemResult<S extends number = number> {
  readonly status: S;
  readonly body: {
    readonly type: string;
    readonly title: string;
    readonly status: S;
    readonly detail: string;
    readonly code: string;
    readonly requestId: string;
  };
}

export interface HandlerResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: ResponseHeaders;
}

/** A handler as the runtime sees it: untyped. `defineHandlers` gives each one the types of its operation. */
// The context is contravariant: `any` lets typed handlers (narrower contexts) sit in one record.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyHandler = (context: HandlerContext<any, any, any, any, any>) => Promise<HandlerResult>;
export type Handlers = Readonly<Record<string, AnyHandler>>;

// Types derived from `keel gen` output (openapi-typescript's `operations` interface).

type LowercaseKeys<T> = { readonly [K in keyof T as K extends string ? Lowercase<K> : K]: T[K] };

type Part<O, K extends string> = O extends { parameters: infer P }
  ? P extends { [key in K]: infer X }
    ? [X] extends [never]
      ? Record<string, never>
      : NonNullable<X>
    : P extends { [key in K]?: infer Y }
      ? [Y] extends [never]
        ? Record<string, never>
        : Partial<NonNullable<Y>>
      : Record<string, never>
  : Record<string, never>;

type ContentOf<C> = C extends { content: infer M } ? ([M] extends [never] ? undefined : M[keyof M]) : undefined;

export type OperationBody<O> = O extends { requestBody: infer R }
  ? [R] extends [never]
    ? undefined
    : ContentOf<R>
  : O extends { requestBody?: infer R }
    ? [R] extends [never]
      ? undefined
      : ContentOf<NonNullable<R>> | undefined
    : undefined;

type StatusOf<S> = S extends 'default' ? number : S extends `${infer N extends number}` ? N : S;

type ResultFor<S, R> = {
  readonly status: StatusOf<S>;
  readonly headers?: ResponseHeaders;
} & (ContentOf<R> extends undefined ? { readonly body?: undefined } : { readonly body: ContentOf<R> });

/** The union of every response the operation declares: an undeclared status or a wrong body does not compile. */
export type OperationResult<O> = O extends { responses: infer R }
  ? { [S in keyof R]: ResultFor<S, R[S]> }[keyof R]
  : never;

export type OperationHandler<O, DB = unknown> = (
  context: HandlerContext<Part<O, 'path'>, Part<O, 'query'>, LowercaseKeys<Part<O, 'header'>>, OperationBody<O>, DB>,
) => Promise<OperationResult<O>>;

/** Exactly one handler per operation of the contract. */
export type TypedHandlers<Operations, DB = unknown> = {
  readonly [K in keyof Operations]: OperationHandler<Operations[K], DB>;
};

/**
 * Types a project's handlers against its contract (`keel gen` writes the `operations` type).
 *
 * @example
 * import type { operations } from './generated/openapi.ts';
 * export const handlers = defineHandlers<operations, DB>()({
 *   getBooking: async ({ params, db }) => ({ status: 200, body: await findBooking(db, params.bookingId) }),
 * });
 */
export function defineHandlers<Operations, DB = unknown>() {
  return (handlers: TypedHandlers<Operations, DB>): Handlers => handlers as Handlers;
}
