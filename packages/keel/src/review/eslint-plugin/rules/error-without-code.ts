import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.ts';

const uncodedErrors = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
]);

/**
 * An error thrown as a plain `Error` reaches the client as a 500 with no stable code: callers cannot tell one failure
 * from another, and nothing documents it. Keel's errors carry a registry code (`KeelError`), and handlers answer the
 * failures they decide on with `problem(status, CODE, detail)`.
 */
export const errorWithoutCode = createRule({
  name: 'error-without-code',
  meta: {
    type: 'suggestion',
    docs: { description: 'Require thrown errors to carry a stable code.' },
    messages: {
      uncoded:
        'Thrown {{what}} has no stable code: the client gets a bare 500. Return problem(status, CODE, detail) for an expected failure, or throw a KeelError with a registry code.',
    },
    defaultOptions: [],
    schema: [],
  },
  create(context) {
    return {
      ThrowStatement(node) {
        const what = uncoded(node.argument);
        if (what !== undefined) context.report({ node, messageId: 'uncoded', data: { what } });
      },
    };
  },
});

function uncoded(argument: TSESTree.Expression): string | undefined {
  if (
    (argument.type === AST_NODE_TYPES.NewExpression || argument.type === AST_NODE_TYPES.CallExpression) &&
    argument.callee.type === AST_NODE_TYPES.Identifier
  ) {
    return uncodedErrors.has(argument.callee.name) ? argument.callee.name : undefined;
  }
  if (argument.type === AST_NODE_TYPES.Literal || argument.type === AST_NODE_TYPES.TemplateLiteral) return 'string';
  return undefined;
}
