import type { ValidateFunction } from 'ajv';
import type { LightMyRequestResponse } from 'fastify';
import type { Operation, ResponseSpec } from '../contract/index.ts';
import { createAjv } from '../runtime/ajv.ts';

/**
 * Statuses Keel's runtime answers with on its own (validation, authentication, authorization, routing, limits), which a
 * contract need not repeat for every operation. Any other status must be declared.
 */
const runtimeStatuses = new Set([400, 401, 403, 404, 405, 406, 412, 413, 415, 428, 429, 503]);

/**
 * Checks a response against the operation's contract: a declared status (or one the runtime owns), a declared content
 * type, the required headers, and a body valid against the declared schema. Returns what is wrong, one line each.
 *
 * @example
 * const problems = new ResponseChecker().check(operation, await app.inject(request));
 */
export class ResponseChecker {
  readonly #ajv = createAjv({ coerce: false });
  readonly #compiled = new Map<unknown, ValidateFunction>();

  check(operation: Operation, response: LightMyRequestResponse): string[] {
    const status = response.statusCode;
    const spec = declaredResponse(operation, status);
    if (spec === undefined) {
      return runtimeStatuses.has(status) ? [] : [`status ${status} is not declared by ${operation.operationId}`];
    }
    const problems: string[] = [];
    for (const [name, header] of Object.entries(spec.headers)) {
      if (header.required && response.headers[name.toLowerCase()] === undefined) {
        problems.push(`the required header ${name} is missing from the ${status} response`);
      }
    }
    const mediaTypes = Object.keys(spec.content);
    const contentType = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (mediaTypes.length === 0) {
      if (response.body.length > 0 && status !== 204 && contentType !== 'application/problem+json') {
        problems.push(
          `the ${status} response has a body (${contentType || 'no content type'}) the contract does not declare`,
        );
      }
      return problems;
    }
    if (status === 204 || status === 304) return problems;
    const mediaType = mediaTypes.find((candidate) => candidate.toLowerCase() === contentType);
    if (mediaType === undefined) {
      problems.push(
        `the ${status} response is ${contentType || 'without a content type'}; the contract declares ${mediaTypes.join(', ')}`,
      );
      return problems;
    }
    if (!/json/.test(mediaType)) return problems;
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return [...problems, `the ${status} response is not valid JSON`];
    }
    const schema = spec.content[mediaType];
    if (schema === undefined) return problems;
    const validate = this.#validator(schema);
    if (!validate(body)) {
      const errors = (validate.errors ?? [])
        .slice(0, 3)
        .map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
      problems.push(`the ${status} body does not match the contract: ${errors.join('; ')}`);
    }
    return problems;
  }

  /** Whether a value is valid against a schema (for telling generated invalid inputs from tolerated ones). */
  accepts(schema: object | boolean, value: unknown): boolean {
    return this.#validator(schema)(value);
  }

  #validator(schema: object | boolean): ValidateFunction {
    let validate = this.#compiled.get(schema);
    if (validate === undefined) {
      validate = this.#ajv.compile(schema);
      this.#compiled.set(schema, validate);
    }
    return validate;
  }
}

/** The response a status falls under: exact, then its range (`4XX`), then `default`. */
export function declaredResponse(operation: Operation, status: number): ResponseSpec | undefined {
  const { responses } = operation;
  return (
    responses[String(status)] ??
    responses[`${String(status)[0]}XX`] ??
    responses[`${String(status)[0]}xx`] ??
    responses['default']
  );
}
