import type { Rule } from '../../journey/stage.ts';
import type { ContractModel } from '../contract-model.ts';
import { typesOf, walkSchema, type SchemaNode } from '../schema-walk.ts';
import { FindingsBySchema, requestSchemas } from './request-schemas.ts';

/** Formats whose values have a bounded length of their own. */
const boundedFormats = new Set(['uuid', 'date', 'date-time', 'time', 'email', 'ipv4', 'ipv6']);

/** `contract/unbounded-input`: what a client sends has limits the runtime enforces before a handler runs (OWASP API4). */
export const unboundedInput: Rule<ContractModel> = {
  id: 'contract/unbounded-input',
  severity: 'error',
  summary:
    'Every string a client sends has a maxLength, an enum, a const or a bounded format; every array a maxItems; every integer a minimum and a maximum.',
  fix: 'Add the missing bound to the schema.',
  run: (model) => {
    const findings = new FindingsBySchema();
    for (const operation of model.operations) {
      for (const input of requestSchemas(operation)) {
        walkSchema(model, input.schema, input.label, (node) => {
          const problem = unbounded(node);
          if (problem === undefined) return;
          findings.add(node.key, operation.name, {
            message: `${operation.name}: ${describe(node)} ${problem.what}`,
            at: node.at,
            fix: problem.fix,
          });
        });
      }
    }
    return findings.issues();
  },
};

function unbounded(node: SchemaNode): { what: string; fix: string } | undefined {
  const { schema } = node;
  if (schema['enum'] !== undefined || schema['const'] !== undefined) return undefined;
  const types = typesOf(schema);
  if (types.includes('string')) {
    const format = typeof schema['format'] === 'string' ? schema['format'] : undefined;
    if (schema['maxLength'] === undefined && (format === undefined || !boundedFormats.has(format))) {
      return {
        what: `is a string without maxLength${format === undefined ? '' : ` (format ${format} does not bound it)`}`,
        fix: 'Add `maxLength:` (the longest value the service accepts), or an `enum` when the values are known.',
      };
    }
  }
  if (types.includes('array') && schema['maxItems'] === undefined) {
    return { what: 'is an array without maxItems', fix: 'Add `maxItems:` (the most entries one request may carry).' };
  }
  if (types.includes('integer')) {
    const low = schema['minimum'] !== undefined || schema['exclusiveMinimum'] !== undefined;
    const high = schema['maximum'] !== undefined || schema['exclusiveMaximum'] !== undefined;
    if (!low || !high) {
      const missing = [low ? '' : 'minimum', high ? '' : 'maximum'].filter(Boolean).join(' and ');
      return { what: `is an integer without ${missing}`, fix: `Add \`${missing.replace(' and ', ':` and `')}:\`.` };
    }
  }
  return undefined;
}

/** `request body (application/json) property \`attendees[]\``, `query parameter \`limit\``. */
function describe(node: SchemaNode): string {
  const dot = node.label.search(/[.[]/);
  if (dot === -1) return node.label;
  return `${node.label.slice(0, dot)} property \`${node.label.slice(dot).replace(/^\./, '')}\``;
}
