import type { Rule } from '../../journey/stage.ts';
import type { ContractModel, ContractResponse } from '../contract-model.ts';
import { FindingsBySchema } from './request-schemas.ts';

/** The media type of error bodies: RFC 9457 problem details, which the runtime sends for every error. */
export const problemMediaType = 'application/problem+json';

/** `contract/error-format`: clients parse every error one way. */
export const errorFormat: Rule<ContractModel> = {
  id: 'contract/error-format',
  severity: 'error',
  summary: `Every 4xx, 5xx and default response has content of one media type, ${problemMediaType} (RFC 9457 problem details).`,
  fix: `Declare the response's content as ${problemMediaType} with the problem schema, e.g. \`$ref: '#/components/responses/NotFound'\`.`,
  run: (model) => {
    const findings = new FindingsBySchema();
    for (const operation of model.operations) {
      for (const response of operation.responses.filter(isErrorResponse)) {
        const where = `${operation.name}: the ${response.status} response`;
        const key = (at: { file: string; line?: number; column?: number }): string =>
          `${at.file}:${at.line ?? 0}:${at.column ?? 0}`;
        if (response.content.length === 0) {
          findings.add(key(response.at), operation.name, {
            message: `${where} declares no content; error responses carry ${problemMediaType}`,
            at: response.at,
            fix: `Add \`content: { ${problemMediaType}: { schema: { $ref: … } } }\` to the ${response.status} response, or $ref a shared error response.`,
          });
          continue;
        }
        for (const media of response.content) {
          if (media.mediaType.toLowerCase() === problemMediaType) continue;
          findings.add(key(media.at), operation.name, {
            message: `${where} is ${media.mediaType}; every error response of the API is ${problemMediaType}`,
            at: media.at,
            fix: `Replace ${media.mediaType} with ${problemMediaType} (type, title, status, detail, instance), so clients parse every error one way.`,
          });
        }
      }
    }
    return findings.issues();
  },
};

function isErrorResponse(response: ContractResponse): boolean {
  return /^[45]/.test(response.status) || response.status === 'default';
}
