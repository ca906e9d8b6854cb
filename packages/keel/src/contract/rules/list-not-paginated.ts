import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { isRecord, tryDeref } from '../build-contract-model.ts';
import type { ContractModel, ContractOperation } from '../contract-model.ts';
import type { Located } from '../document-set.ts';
import { typesOf } from '../schema-walk.ts';

const pageSizeNames = ['limit', 'pagesize', 'page_size', 'per_page', 'size', 'first'];
const cursorNames = ['cursor', 'after', 'pagetoken', 'page_token', 'starting_after', 'continuation'];
const nextNames = ['next', 'nextcursor', 'next_cursor', 'nextpagetoken', 'next_page_token', 'nextlink', 'next_link'];
const envelopeNames = ['items', 'data', 'results', 'entries', 'records'];

/** `contract/list-not-paginated`: a list grows; a client gets it a capped page at a time. */
export const listNotPaginated: Rule<ContractModel> = {
  id: 'contract/list-not-paginated',
  severity: 'error',
  summary:
    'Every GET that returns a list takes a page size (`limit`) with a `maximum` and a `cursor`, and returns the next cursor (a `nextCursor` property or a `Link` header).',
  fix: 'Page the list: `limit` (integer, minimum 1, maximum 100) and `cursor` query parameters, and an envelope `{ items, nextCursor }`.',
  run: (model) => {
    const issues: Issue[] = [];
    for (const operation of model.operations) {
      if (operation.method !== 'get') continue;
      const list = listShape(model, operation);
      if (list === undefined) continue;
      const query = operation.parameters.filter((parameter) => parameter.in === 'query');
      const pageSize = query.find((parameter) => pageSizeNames.includes(parameter.name.toLowerCase()));
      if (pageSize === undefined) {
        issues.push({
          message: `${operation.name} returns a list (${list.description}) but takes no page size parameter`,
          at: operation.at,
          fix: `Add a \`limit\` query parameter to ${operation.name}: \`type: integer, minimum: 1, maximum: 100, default: 20\`.`,
        });
      } else {
        const schema = pageSize.schema === undefined ? undefined : tryDeref(model.documents, pageSize.schema);
        const value = schema !== undefined && isRecord(schema.value) ? schema.value : {};
        if (value['maximum'] === undefined && value['exclusiveMaximum'] === undefined) {
          issues.push({
            message: `${operation.name}: page size parameter \`${pageSize.name}\` has no maximum, so a client can ask for the whole list at once`,
            at: schema === undefined ? pageSize.at : model.documents.locate(schema),
            fix: `Add \`maximum:\` (e.g. 100) to the schema of \`${pageSize.name}\`; the runtime then refuses larger pages with 400.`,
          });
        }
      }
      if (!query.some((parameter) => cursorNames.includes(parameter.name.toLowerCase()))) {
        issues.push({
          message: `${operation.name} returns a list (${list.description}) but takes no \`cursor\` parameter to ask for the next page`,
          at: operation.at,
          fix: `Add a \`cursor\` query parameter (an opaque string with a maxLength) to ${operation.name}, whose value is the previous page's next cursor.`,
        });
      }
      if (!list.hasNext) {
        issues.push({
          message: `${operation.name} returns a list (${list.description}) without saying where the next page is`,
          at: list.at,
          fix: list.envelope
            ? 'Add a `nextCursor` property (string, null on the last page) beside the items.'
            : 'Return an envelope `{ items: [...], nextCursor }` instead of a bare array, or declare a `Link` response header.',
        });
      }
    }
    return issues;
  },
};

interface ListShape {
  readonly description: string;
  readonly envelope: boolean;
  readonly hasNext: boolean;
  readonly at: ReturnType<ContractModel['documents']['locate']>;
}

/** How a GET's success response carries a list: a bare array or an envelope with an array of items. */
function listShape(model: ContractModel, operation: ContractOperation): ListShape | undefined {
  const success =
    operation.responses.find((response) => response.status === '200') ??
    operation.responses.find((response) => /^2/.test(response.status));
  if (success === undefined) return undefined;
  const hasLinkHeader = success.headers.includes('link');
  for (const media of success.content) {
    if (!/json/i.test(media.mediaType) || media.schema === undefined) continue;
    const schema = deref(model, media.schema);
    if (schema === undefined) continue;
    if (typesOf(schema.value).includes('array')) {
      return {
        description: 'a bare array',
        envelope: false,
        hasNext: hasLinkHeader,
        at: model.documents.locate(schema),
      };
    }
    const properties = isRecord(schema.value['properties']) ? schema.value['properties'] : {};
    const items = Object.keys(properties).find((name) => {
      if (!envelopeNames.includes(name.toLowerCase())) return false;
      const property = deref(model, {
        value: properties[name],
        file: schema.file,
        pointer: `${schema.pointer}/properties/${name}`,
      });
      return property !== undefined && typesOf(property.value).includes('array');
    });
    if (items === undefined) continue;
    const hasNext = hasLinkHeader || Object.keys(properties).some((name) => nextNames.includes(name.toLowerCase()));
    return { description: `\`${items}\` array`, envelope: true, hasNext, at: model.documents.locate(schema) };
  }
  return undefined;
}

function deref(model: ContractModel, located: Located): Located<Readonly<Record<string, unknown>>> | undefined {
  const resolved = tryDeref(model.documents, located);
  return resolved !== undefined && isRecord(resolved.value) ? { ...resolved, value: resolved.value } : undefined;
}
