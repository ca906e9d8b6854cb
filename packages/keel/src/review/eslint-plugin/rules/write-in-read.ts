import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.ts';
import { callChain, enclosingHandler } from '../handler-functions.ts';

export interface WriteInReadOptions {
  /** Operations served on GET or HEAD; `keel review` fills it from openapi.yaml. Absent: operationIds `get…`, `list…`. */
  readonly readOperations?: readonly string[];
}

const writingMethods = new Set(['insertInto', 'updateTable', 'deleteFrom', 'mergeInto', 'replaceInto']);
const executing = new Set(['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow']);
/** A statement that changes rows; `select … for update` is not one. */
const writingSql = /\b(insert\s+into|delete\s+from|merge\s+into)\b|\bupdate\s+[\w."]+(\s+(as\s+)?\w+)?\s+set\b/i;

/**
 * GET and HEAD are safe in HTTP: caches, crawlers and prefetching browsers send them freely, and clients retry them. A
 * handler that writes in one is a contract defect; in Keel its statements also run without a transaction around them
 * (decision record 0014), so its writes are not atomic together either.
 */
export const writeInRead = createRule<[WriteInReadOptions], 'writes'>({
  name: 'write-in-read',
  meta: {
    type: 'problem',
    docs: { description: 'Forbid writes in the handlers of GET and HEAD operations.' },
    messages: {
      writes:
        '{{operationId}} is a GET but writes ({{statement}}): GET must change nothing, and a read runs each statement on its own with no transaction. Move the write to a POST, PUT, PATCH or DELETE operation.',
    },
    defaultOptions: [{}],
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: { readOperations: { type: 'array', items: { type: 'string' } } },
      },
    ],
  },
  create(context, [options]) {
    const isRead = (operationId: string): boolean =>
      options.readOperations === undefined
        ? /^(get|list)[A-Z]/.test(operationId)
        : options.readOperations.includes(operationId);
    return {
      CallExpression(node) {
        if (
          node.callee.type !== AST_NODE_TYPES.MemberExpression ||
          node.callee.property.type !== AST_NODE_TYPES.Identifier ||
          !executing.has(node.callee.property.name)
        )
          return;
        const handler = enclosingHandler(node);
        if (handler?.operationId === undefined || !isRead(handler.operationId)) return;
        const target = node.callee.object;
        if (target.type === AST_NODE_TYPES.TaggedTemplateExpression) {
          const text = target.quasi.quasis.map((quasi) => quasi.value.cooked ?? '').join(' ');
          const found = writingSql.exec(text);
          if (found !== null) {
            const statement = found[0].split(/\s+/)[0]?.toLowerCase() ?? 'a write';
            context.report({ node, messageId: 'writes', data: { operationId: handler.operationId, statement } });
          }
          return;
        }
        const statement = callChain(target).methods.find((method) => writingMethods.has(method));
        if (statement !== undefined) {
          context.report({ node, messageId: 'writes', data: { operationId: handler.operationId, statement } });
        }
      },
    };
  },
});
