import type { ValidateFunction } from 'ajv';
import type { Issue, Location } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { createAjv } from '../../runtime/ajv.ts';
import { bundleSchema } from '../bundle-schema.ts';
import type { ContractExample, ContractModel } from '../contract-model.ts';
import type { Located } from '../document-set.ts';
import { walkSchema } from '../schema-walk.ts';

/** `contract/invalid-example`: examples are what clients and the mock server copy, so they obey the contract. */
export const invalidExample: Rule<ContractModel> = {
  id: 'contract/invalid-example',
  severity: 'error',
  summary:
    'Every example (of a parameter, a request body, a response, or inside a schema) is valid against its schema (JSON Schema 2020-12, formats checked).',
  fix: 'Correct the example, or the schema if the example shows what the API really accepts or returns.',
  run: (model) => {
    const validators = new Map<string, ValidateFunction | undefined>();
    const ajv = createAjv({ coerce: false });
    const validatorFor = (schema: Located): ValidateFunction | undefined => {
      const key = `${schema.file}#${schema.pointer}`;
      if (!validators.has(key)) {
        try {
          validators.set(key, ajv.compile(bundleSchema(model.documents, schema) as object));
        } catch {
          validators.set(key, undefined); // a schema Ajv cannot compile: oas3-schema reports it
        }
      }
      return validators.get(key);
    };
    const issues: Issue[] = [];
    const seen = new Set<string>();
    const check = (owner: string, schema: Located | undefined, examples: readonly ContractExample[]): void => {
      if (schema === undefined) return;
      for (const example of examples) {
        const key = `${example.at.file}:${example.at.line}:${example.at.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const problems = validate(validatorFor(schema), example.value);
        if (problems === undefined) continue;
        issues.push(
          invalid(
            `${owner}: ${example.name === undefined ? 'the example' : `example "${example.name}"`}`,
            problems,
            example.at,
          ),
        );
      }
    };
    for (const operation of model.operations) {
      for (const parameter of operation.parameters) {
        check(
          `${operation.name}, ${parameter.in} parameter \`${parameter.name}\``,
          parameter.schema,
          parameter.examples,
        );
      }
      for (const media of operation.requestBody?.content ?? []) {
        check(`${operation.name}, request body (${media.mediaType})`, media.schema, media.examples);
      }
      for (const response of operation.responses) {
        for (const media of response.content) {
          check(`${operation.name}, ${response.status} response (${media.mediaType})`, media.schema, media.examples);
        }
      }
      const schemas = [
        ...operation.parameters.map((parameter) => parameter.schema),
        ...(operation.requestBody?.content ?? []).map((media) => media.schema),
        ...operation.responses.flatMap((response) => response.content.map((media) => media.schema)),
      ];
      for (const start of schemas) {
        if (start === undefined) continue;
        walkSchema(model, start, '', (node) => {
          const examples = node.schema['examples'];
          if (!Array.isArray(examples)) return;
          const [file, pointer] = splitKey(node.key);
          check(
            `schema ${pointer.split('/').at(-1) ?? ''} (${node.at.file}:${node.at.line ?? 0})`,
            { value: node.schema, file, pointer },
            (examples as unknown[]).map((value, index) => ({
              name: `examples[${index}]`,
              value,
              at: model.documents.locate({ file, pointer: `${pointer}/examples/${index}` }),
            })),
          );
        });
      }
    }
    return issues;
  },
};

function validate(validator: ValidateFunction | undefined, value: unknown): string[] | undefined {
  if (validator === undefined || validator(value)) return undefined;
  return (validator.errors ?? [])
    .slice(0, 3)
    .map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`);
}

function invalid(subject: string, problems: readonly string[], at: Location): Issue {
  return {
    message: `${subject} is invalid against its schema: ${problems.join('; ')}`,
    at,
    fix: `Correct the example where it breaks (${problems[0] ?? 'see the message'}), or correct the schema if the example is right.`,
  };
}

function splitKey(key: string): [string, string] {
  const hash = key.indexOf('#');
  return [key.slice(0, hash), key.slice(hash + 1)];
}
