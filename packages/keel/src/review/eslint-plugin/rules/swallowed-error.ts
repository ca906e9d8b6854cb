import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.ts';
import { isLogCall } from './secret-in-log.ts';

/**
 * A catch that does nothing, or only logs, turns a failure into a success: the client gets a 2xx for work that did not
 * happen, and the transaction commits half of it. Handle the error (answer a problem, return a fallback) or rethrow.
 */
export const swallowedError = createRule({
  name: 'swallowed-error',
  meta: {
    type: 'problem',
    docs: { description: 'Disallow catch blocks and .catch() handlers that swallow errors.' },
    messages: {
      empty:
        'The error is swallowed: this catch does nothing, so the failure passes as a success. Handle it or rethrow.',
      logged:
        'The error is only logged, then dropped: the failure passes as a success. Handle it (answer a problem) or rethrow after logging.',
    },
    defaultOptions: [],
    schema: [],
  },
  create(context) {
    const judge = (node: TSESTree.Node, body: readonly TSESTree.Statement[]): void => {
      if (body.length === 0) context.report({ node, messageId: 'empty' });
      else if (
        body.every(
          (statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && isLogCall(statement.expression),
        )
      ) {
        context.report({ node, messageId: 'logged' });
      }
    };
    return {
      CatchClause(node) {
        judge(node, node.body.body);
      },
      CallExpression(node) {
        if (
          node.callee.type !== AST_NODE_TYPES.MemberExpression ||
          node.callee.property.type !== AST_NODE_TYPES.Identifier
        )
          return;
        if (node.callee.property.name !== 'catch') return;
        const handler = node.arguments[0];
        if (
          handler?.type !== AST_NODE_TYPES.ArrowFunctionExpression &&
          handler?.type !== AST_NODE_TYPES.FunctionExpression
        )
          return;
        if (handler.body.type === AST_NODE_TYPES.BlockStatement) judge(node, handler.body.body);
        else if (
          (handler.body.type === AST_NODE_TYPES.Identifier && handler.body.name === 'undefined') ||
          (handler.body.type === AST_NODE_TYPES.Literal && handler.body.value === null) ||
          isLogCall(handler.body)
        ) {
          context.report({ node, messageId: isLogCall(handler.body) ? 'logged' : 'empty' });
        }
      },
    };
  },
});
