export { joinPointer, parseSource, readSourceFile, splitPointer, type SourceFile } from './source-file.ts';
export { closestMatches, editDistance } from './closest-matches.ts';
export { schemaIssues, type SchemaIssueOptions } from './schema-issues.ts';
