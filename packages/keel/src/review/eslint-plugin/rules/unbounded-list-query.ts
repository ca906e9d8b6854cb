import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.ts';
import { callChain, childNodes, enclosingHandler } from '../handler-functions.ts';

export interface UnboundedListQueryOptions {
  /** Operations that return a collection; `keel review` fills it from openapi.yaml. Absent: operationIds `list…`. */
  readonly listOperations?: readonly string[];
}

/**
 * A list endpoint whose query has no LIMIT returns the whole table to anyone who asks: memory, time and bandwidth
 * grow with the data (unrestricted resource consumption). Page it with `.limit(...)`.
 */
export const unboundedListQuery = createRule<[UnboundedListQueryOptions], 'unbounded'>({
  name: 'unbounded-list-query',
  meta: {
    type: 'problem',
    docs: { description: 'Require a limit on the queries of list operations.' },
    messages: {
      unbounded:
        '{{operationId}} lists rows with no limit: the response grows with the table. Add .limit(pageSize + 1) and a cursor (docs: pagination).',
    },
    defaultOptions: [{}],
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: { listOperations: { type: 'array', items: { type: 'string' } } },
      },
    ],
  },
  create(context, [options]) {
    const isList = (operationId: string): boolean =>
      options.listOperations === undefined
        ? /^list[A-Z]/.test(operationId)
        : options.listOperations.includes(operationId);
    return {
      CallExpression(node) {
        if (
          node.callee.type !== AST_NODE_TYPES.MemberExpression ||
          node.callee.property.type !== AST_NODE_TYPES.Identifier
        )
          return;
        if (node.callee.property.name !== 'execute') return;
        const handler = enclosingHandler(node);
        if (handler?.operationId === undefined || !isList(handler.operationId)) return;
        if (node.callee.object.type === AST_NODE_TYPES.TaggedTemplateExpression) {
          const text = node.callee.object.quasi.quasis.map((quasi) => quasi.value.cooked ?? '').join(' ');
          if (/\bselect\b/i.test(text) && !/\blimit\b|\bfetch\s+first\b/i.test(text)) {
            context.report({ node, messageId: 'unbounded', data: { operationId: handler.operationId } });
          }
          return;
        }
        const { root, methods } = callChain(node.callee);
        const seen = [...methods];
        if (root.type === AST_NODE_TYPES.Identifier) seen.push(...assignedMethods(root.name, handler.node.body));
        if (seen.includes('selectFrom') && !seen.includes('limit')) {
          context.report({ node, messageId: 'unbounded', data: { operationId: handler.operationId } });
        }
      },
    };
  },
});

/** The builder methods of every value assigned to a local (`let q = db.selectFrom(…)`; `q = q.where(…)`). */
function assignedMethods(name: string, body: TSESTree.Node): string[] {
  const methods: string[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (
      node.type === AST_NODE_TYPES.VariableDeclarator &&
      node.id.type === AST_NODE_TYPES.Identifier &&
      node.id.name === name &&
      node.init !== null
    ) {
      methods.push(...callChain(node.init).methods);
    }
    if (
      node.type === AST_NODE_TYPES.AssignmentExpression &&
      node.left.type === AST_NODE_TYPES.Identifier &&
      node.left.name === name
    ) {
      methods.push(...callChain(node.right).methods);
    }
    for (const child of childNodes(node)) visit(child);
  };
  visit(body);
  return methods;
}
