export { errorCodes, type ErrorDefinition, type KeelErrorCode } from './codes.ts';
export { KeelError, isKeelError, type KeelErrorOptions, type SourceLocation } from './keel-error.ts';
