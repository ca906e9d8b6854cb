export { bundleSchema, objectOfSchemas, type JsonSchema } from './bundle-schema.ts';
export { DocumentSet, isRef, type Located } from './document-set.ts';
export {
  httpMethods,
  loadContract,
  pathParameterNames,
  type Contract,
  type HttpMethod,
  type MediaTypes,
  type Operation,
  type Parameter,
  type ResponseSpec,
} from './load-contract.ts';
