import type { LoaderRule } from '../journey/stage.ts';

/** `contract/structure`: the contract is OpenAPI 3.1 with the parts Keel builds on. */
export const structureRule: LoaderRule = {
  id: 'contract/structure',
  severity: 'error',
  summary:
    'The contract is an OpenAPI 3.1 document whose every file parses, with an info title, paths, and an operationId and declared path parameters for every operation.',
  fix: 'Correct the contract at the line given (the OpenAPI 3.1 specification describes each object).',
};

/** `contract/unresolved-ref`: every `$ref`, in every file, points at something inside the project. */
export const unresolvedRefRule: LoaderRule = {
  id: 'contract/unresolved-ref',
  severity: 'error',
  summary: 'Every $ref points at an existing file of the project and an existing value in it.',
  fix: 'Correct the $ref: the file is relative to the file it is written in, the part after "#" is a JSON pointer.',
};

export const contractLoaderRules: readonly LoaderRule[] = [structureRule, unresolvedRefRule];
