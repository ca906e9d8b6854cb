import type * as TypeScript from 'typescript';

/**
 * Where a file imports a module specifier: every `import`, `export … from`, `import x = require()`, `import()`,
 * `require()` and `import('…').Type` naming it, found with the TypeScript parser (loaded on first use). Lines and
 * columns are 1-based.
 *
 * @example
 * await importPositions("import { a } from './a.ts';", 'src/b.ts', './a.ts'); // [{ line: 1, column: 1 }]
 */
export async function importPositions(
  text: string,
  fileName: string,
  specifier: string,
): Promise<{ line: number; column: number }[]> {
  const { default: ts } = await import('typescript');
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind[scriptKind(fileName)]);
  const positions: { line: number; column: number }[] = [];
  const names = (literal: TypeScript.Node | undefined): boolean =>
    literal !== undefined && ts.isStringLiteralLike(literal) && literal.text === specifier;
  const imports = (node: TypeScript.Node): boolean =>
    ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && names(node.moduleSpecifier)) ||
    (ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      names(node.moduleReference.expression)) ||
    (ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      names(node.arguments[0])) ||
    (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && names(node.argument.literal));
  const visit = (node: TypeScript.Node): void => {
    if (imports(node)) {
      const at = source.getLineAndCharacterOfPosition(node.getStart(source));
      positions.push({ line: at.line + 1, column: at.character + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return positions;
}

function scriptKind(fileName: string): 'TS' | 'TSX' | 'JS' | 'JSX' {
  if (/\.tsx$/i.test(fileName)) return 'TSX';
  if (/\.[cm]?ts$/i.test(fileName)) return 'TS';
  if (/\.jsx$/i.test(fileName)) return 'JSX';
  return 'JS';
}
