import type { Rule } from '../../journey/stage.ts';
import type { ContractModel } from '../contract-model.ts';
import { typesOf, walkSchema, type SchemaNode } from '../schema-walk.ts';
import { FindingsBySchema, requestSchemas } from './request-schemas.ts';

/** `contract/open-request-body`: a field the contract does not name never reaches a handler (mass assignment, API3). */
export const openRequestBody: Rule<ContractModel> = {
  id: 'contract/open-request-body',
  severity: 'error',
  summary:
    'Every object in a request body forbids unknown properties (`additionalProperties: false`, or `unevaluatedProperties: false` when it composes schemas).',
  fix: 'Add `additionalProperties: false` to the object schema.',
  run: (model) => {
    const findings = new FindingsBySchema();
    for (const operation of model.operations) {
      for (const input of requestSchemas(operation).filter((candidate) => candidate.body)) {
        walkSchema(model, input.schema, input.label, (node) => {
          if (!isObject(node) || isClosed(node)) return;
          const composes = ['allOf', 'anyOf', 'oneOf'].some((keyword) => Array.isArray(node.schema[keyword]));
          const where = node.label.includes('.')
            ? `${node.label.slice(0, node.label.indexOf('.'))} property \`${node.label.slice(node.label.indexOf('.') + 1)}\``
            : node.label;
          findings.add(node.key, operation.name, {
            message: `${operation.name}: ${where} is an object that accepts properties the contract does not declare`,
            at: node.at,
            fix: composes
              ? "Add `unevaluatedProperties: false` beside the composition, so that only the members' properties are accepted."
              : 'Add `additionalProperties: false`, so that a request with an undeclared field is refused with 400.',
          });
        });
      }
    }
    return findings.issues();
  },
};

function isObject(node: SchemaNode): boolean {
  return typesOf(node.schema).includes('object') || node.schema['properties'] !== undefined;
}

/** Closed itself, or a composition member of a parent closed with `unevaluatedProperties: false`. */
function isClosed(node: SchemaNode): boolean {
  const { schema } = node;
  if (schema['additionalProperties'] === false || schema['unevaluatedProperties'] === false) return true;
  // A map: its keys are free by design, its values constrained by the schema given.
  if (
    typeof schema['additionalProperties'] === 'object' &&
    Object.keys(schema['additionalProperties'] ?? {}).length > 0
  ) {
    return true;
  }
  return node.composed && node.parent !== undefined && node.parent.schema['unevaluatedProperties'] === false;
}
