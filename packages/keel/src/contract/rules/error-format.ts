import type { ValidateFunction } from 'ajv';
import type { Rule } from '../../journey/stage.ts';
import { createAjv } from '../../runtime/ajv.ts';
import { errorFormatIssues, renderError, type ErrorFormat } from '../../runtime/error-format.ts';
import { bundleSchema } from '../bundle-schema.ts';
import type { ContractModel, ContractResponse } from '../contract-model.ts';
import type { Located } from '../document-set.ts';
import { FindingsBySchema } from './request-schemas.ts';

/** The media type of error bodies: RFC 9457 problem details, which the runtime sends for every error by default. */
export const problemMediaType = 'application/problem+json';

/**
 * `contract/error-format`: clients parse every error one way. By default that way is RFC 9457 problem details; a project
 * whose clients read another body declares it in keel.yaml (`runtime.errorFormat`), and then every error response
 * declares that media type with a schema the runtime's rendered body satisfies.
 */
export const errorFormat: Rule<ContractModel> = {
  id: 'contract/error-format',
  severity: 'error',
  summary: `Every 4xx, 5xx and default response has content of one media type: ${problemMediaType} (RFC 9457 problem details), or the error format keel.yaml declares, whose body the schema accepts.`,
  fix: `Declare the response's content as ${problemMediaType} with the problem schema, e.g. \`$ref: '#/components/responses/NotFound'\` (or as keel.yaml's runtime.errorFormat says).`,
  run: (model, context) => {
    const format = context.project.config.runtime.errorFormat;
    const mediaType = format?.mediaType ?? problemMediaType;
    const what = format === undefined ? `${problemMediaType} (type, title, status, detail, instance)` : mediaType;
    const conforms = format === undefined ? undefined : formatConformance(model, format);
    const findings = new FindingsBySchema();
    const key = (at: { file: string; line?: number; column?: number }): string =>
      `${at.file}:${at.line ?? 0}:${at.column ?? 0}`;
    for (const operation of model.operations) {
      for (const response of operation.responses.filter(isErrorResponse)) {
        const where = `${operation.name}: the ${response.status} response`;
        if (response.content.length === 0) {
          findings.add(key(response.at), operation.name, {
            message: `${where} declares no content; error responses carry ${mediaType}`,
            at: response.at,
            fix: `Add \`content: { ${mediaType}: { schema: { $ref: … } } }\` to the ${response.status} response, or $ref a shared error response.`,
          });
          continue;
        }
        for (const media of response.content) {
          if (media.mediaType.toLowerCase() !== mediaType.toLowerCase()) {
            findings.add(key(media.at), operation.name, {
              message: `${where} is ${media.mediaType}; every error response of the API is ${mediaType}`,
              at: media.at,
              fix: `Replace ${media.mediaType} with ${what}, so clients parse every error one way.`,
            });
            continue;
          }
          const problem = conforms?.(media.schema);
          if (problem !== undefined) {
            findings.add(key(media.at), operation.name, {
              message: `${where}: the body keel.yaml's runtime.errorFormat renders does not match its schema: ${problem}`,
              at: media.at,
              fix: 'Make the schema describe the error body keel.yaml declares (or the template produce what the schema says).',
            });
          }
        }
      }
    }
    const issues = findings.issues();
    if (format !== undefined) {
      for (const problem of errorFormatIssues(format)) {
        issues.push({
          message: `keel.yaml runtime.errorFormat: ${problem}`,
          at: { file: 'keel.yaml' },
          fix: 'Use only the placeholders docs/runtime.md lists, and Keel error codes.',
        });
      }
    }
    return issues;
  },
};

/**
 * Renders a sample error (an invalid request, with field errors) the way the runtime would, and returns a check of it
 * against a response schema: undefined when the schema accepts it, else what is wrong.
 */
function formatConformance(
  model: ContractModel,
  format: ErrorFormat,
): (schema: Located | undefined) => string | undefined {
  const ajv = createAjv({ coerce: false });
  const validators = new Map<string, ValidateFunction | undefined>();
  const sample = renderError(format, {
    type: 'https://keel.dev/errors/KEEL_VALIDATION_FAILED',
    title: 'The request does not match the contract',
    status: format.statuses?.['KEEL_VALIDATION_FAILED'] ?? 400,
    detail: 'body /name is required.',
    code: 'KEEL_VALIDATION_FAILED',
    requestId: '00000000-0000-4000-8000-000000000000',
    errors: [{ in: 'body', pointer: '#/name', detail: 'is required' }],
  });
  return (schema) => {
    if (schema === undefined) return undefined;
    const id = `${schema.file}#${schema.pointer}`;
    if (!validators.has(id)) {
      try {
        validators.set(id, ajv.compile(bundleSchema(model.documents, schema) as object));
      } catch {
        validators.set(id, undefined); // a schema Ajv cannot compile: oas3-schema reports it
      }
    }
    const validate = validators.get(id);
    if (validate === undefined || validate(sample)) return undefined;
    const issue = validate.errors?.[0];
    return `${issue?.instancePath === '' || issue === undefined ? '(root)' : issue.instancePath} ${issue?.message ?? 'is not valid'}`;
  };
}

function isErrorResponse(response: ContractResponse): boolean {
  return /^[45]/.test(response.status) || response.status === 'default';
}
