export { joinPointer, parseSource, readSourceFile, splitPointer, type SourceFile } from './source-file.ts';
