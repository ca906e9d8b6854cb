import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.ts';
import { childNodes } from '../handler-functions.ts';

const logMethods = /^(log|info|warn|error|debug|trace|fatal)$/;
const loggers = /^(console|log|logger|logging)$/i;
/** Names whose values are credentials. */
export const secretName =
  /(passw(or)?d|passwd|secret|token|api_?key|apikey|authorization|cookie|credential|private_?key|session_?id|signature)/i;

/** `console.log(…)`, `log.info(…)`, `request.log.warn(…)`, `this.logger.error(…)`. */
export function isLogCall(node: TSESTree.Node): node is TSESTree.CallExpression {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const { object, property } = node.callee;
  if (property.type !== AST_NODE_TYPES.Identifier || !logMethods.test(property.name)) return false;
  if (object.type === AST_NODE_TYPES.Identifier) return loggers.test(object.name);
  return (
    object.type === AST_NODE_TYPES.MemberExpression &&
    object.property.type === AST_NODE_TYPES.Identifier &&
    loggers.test(object.property.name)
  );
}

/**
 * Logs are kept long, copied widely and read by many: a token, password, API key or the request's headers (which hold
 * Authorization and cookies) written to one is a leaked credential.
 */
export const secretInLog = createRule({
  name: 'secret-in-log',
  meta: {
    type: 'problem',
    docs: { description: 'Disallow secrets, tokens and request headers in log calls.' },
    messages: {
      secret:
        'A credential ({{name}}) is written to the log: logs are kept and copied widely. Log an identifier (a key id, a hash prefix) instead.',
    },
    defaultOptions: [],
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        if (!isLogCall(node)) return;
        for (const argument of node.arguments) {
          const name = secretIn(argument, 0);
          if (name !== undefined) {
            context.report({ node: argument, messageId: 'secret', data: { name } });
            return;
          }
        }
      },
    };
  },
});

function secretIn(node: TSESTree.Node, depth: number): string | undefined {
  if (depth > 5) return undefined;
  if (node.type === AST_NODE_TYPES.Identifier)
    return secretName.test(node.name) || node.name === 'headers' ? node.name : undefined;
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const property =
      !node.computed && node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : undefined;
    if (property !== undefined && (secretName.test(property) || property === 'headers')) return property;
    return secretIn(node.object, depth + 1);
  }
  if (
    node.type === AST_NODE_TYPES.Property &&
    node.key.type === AST_NODE_TYPES.Identifier &&
    secretName.test(node.key.name)
  )
    return node.key.name;
  if (node.type === AST_NODE_TYPES.Literal || node.type === AST_NODE_TYPES.CallExpression) return undefined;
  for (const child of childNodes(node)) {
    const found = secretIn(child, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
