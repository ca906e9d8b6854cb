import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.ts';
import { carriesRequestData, childNodes, enclosingHandler } from '../handler-functions.ts';

const clients = /^(fetch|axios|got|request|ky)$/;
const clientMethods = /^(get|post|put|patch|delete|head|request|fetch)$/;
const clientObjects = /^(axios|got|http|https|undici|ky|client|httpClient)$/;
/** Any name about permitted destinations: `allowedHosts`, `isAllowedUrl`, `allowList`, `allowlist.has(...)`. */
const allowList = /allow/i;

/**
 * Server-side request forgery: a handler that fetches a URL its client chose can be made to reach internal services
 * and cloud metadata endpoints. A URL from the request is fine only after it is checked against an allow-list.
 */
export const uncheckedOutboundUrl = createRule({
  name: 'unchecked-outbound-url',
  meta: {
    type: 'problem',
    docs: { description: 'Disallow outbound requests to URLs from the request without an allow-list check.' },
    messages: {
      unchecked:
        "Outbound request to a URL taken from the request, with no allow-list check in this handler (server-side request forgery). Check the URL's host against an allow-list first.",
    },
    defaultOptions: [],
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const handler = enclosingHandler(node);
        const target = node.arguments[0];
        if (handler === undefined || target === undefined || !isOutbound(node.callee)) return;
        if (!carriesRequestData(target, handler) || mentionsAllowList(handler.node.body)) return;
        context.report({ node, messageId: 'unchecked' });
      },
    };
  },
});

function isOutbound(callee: TSESTree.Node): boolean {
  if (callee.type === AST_NODE_TYPES.Identifier) return clients.test(callee.name);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    clientObjects.test(callee.object.name) &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    clientMethods.test(callee.property.name)
  );
}

function mentionsAllowList(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return allowList.test(node.name);
  return childNodes(node).some(mentionsAllowList);
}
