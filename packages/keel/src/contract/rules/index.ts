import type { Rule } from '../../journey/stage.ts';
import type { ContractModel } from '../contract-model.ts';
import { breakingWithoutMajor, noReleaseYet } from './breaking-without-major.ts';
import { deprecatedWithoutSunset } from './deprecated-without-sunset.ts';
import { errorFormat } from './error-format.ts';
import { identifierWithout404 } from './identifier-without-404.ts';
import { invalidExample } from './invalid-example.ts';
import { listNotPaginated } from './list-not-paginated.ts';
import { openRequestBody } from './open-request-body.ts';
import { operationOutsideModules } from './operation-outside-modules.ts';
import { operationWithoutRequirements } from './operation-without-requirements.ts';
import { requirementNotRealised } from './requirement-not-realised.ts';
import { securedWithout401403 } from './secured-without-401-403.ts';
import { sequentialIdentifier } from './sequential-identifier.ts';
import { unboundedInput } from './unbounded-input.ts';
import { unknownRequirement } from './unknown-requirement.ts';
import { versioning } from './versioning.ts';

export { problemMediaType } from './error-format.ts';

/** Keel's own rules of the contract gate, in the order docs/contract.md lists them. */
export const contractRules: readonly Rule<ContractModel>[] = [
  operationWithoutRequirements,
  unknownRequirement,
  requirementNotRealised,
  operationOutsideModules,
  errorFormat,
  securedWithout401403,
  identifierWithout404,
  listNotPaginated,
  unboundedInput,
  openRequestBody,
  sequentialIdentifier,
  invalidExample,
  versioning,
  deprecatedWithoutSunset,
  breakingWithoutMajor,
  noReleaseYet,
];
