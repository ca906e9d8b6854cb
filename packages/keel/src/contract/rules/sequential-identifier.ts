import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { isRecord, tryDeref } from '../build-contract-model.ts';
import type { ContractModel } from '../contract-model.ts';
import { typesOf } from '../schema-walk.ts';

/** `contract/sequential-identifier`: an identifier a client can count up from invites enumeration (OWASP API1). */
export const sequentialIdentifier: Rule<ContractModel> = {
  id: 'contract/sequential-identifier',
  severity: 'error',
  summary: 'No path parameter is typed integer: identifiers are random (UUIDs or random strings), not sequential.',
  fix: 'Type the identifier `string` with `format: uuid` (and `maxLength: 36`); keep sequential keys internal to the database.',
  run: (model) => {
    const found = new Map<string, { issue: Omit<Issue, 'message'>; message: string; users: string[] }>();
    for (const operation of model.operations) {
      for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'path')) {
        if (parameter.schema === undefined) continue;
        const schema = tryDeref(model.documents, parameter.schema);
        if (schema === undefined || !isRecord(schema.value)) continue;
        const types = typesOf(schema.value);
        if (!types.includes('integer') && !types.includes('number')) continue;
        const at = model.documents.locate(schema);
        const key = `${at.file}:${at.line}:${at.column}`;
        const entry = found.get(key) ?? {
          issue: {
            at,
            fix: `Type {${parameter.name}} \`type: string, format: uuid, maxLength: 36\` and generate identifiers at random (gen_random_uuid()).`,
          },
          message: `${operation.name}: path parameter {${parameter.name}} is typed ${types.join(' | ')}; sequential identifiers let a client guess other records`,
          users: [],
        };
        entry.users.push(operation.name);
        found.set(key, entry);
      }
    }
    return [...found.values()].map(({ issue, message, users }) => ({
      ...issue,
      message: users.length > 1 ? `${message} (the schema is shared by ${users.length} operations)` : message,
    }));
  },
};
