import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';

const { DefinitionType } = TSESLint.Scope;
import { createRule } from '../create-rule.ts';
import { callChain, enclosingHandler, type HandlerFunction } from '../handler-functions.ts';

const queryMethods = new Set([
  'selectFrom',
  'insertInto',
  'updateTable',
  'deleteFrom',
  'replaceInto',
  'mergeInto',
  'executeQuery',
  'query',
  'exec',
  'transaction',
  'connection',
]);
const connectionFactories = /^(Kysely|Pool|Client|PGlite|openDatabase|createPool|createClient|postgres)$/;

/**
 * Queries must run on the handler context's `db`: the request's transaction, switched to the application role with the
 * caller's tenant and user set, so row-level security applies. A module-level pool or a connection opened in a
 * handler runs outside it.
 */
export const unscopedQuery = createRule({
  name: 'unscoped-query',
  meta: {
    type: 'problem',
    docs: { description: "Require handler queries to use the request's scoped database handle (the context's db)." },
    messages: {
      outside:
        "Query on `{{name}}`, which is not the handler context's db: it runs outside the request's transaction and row-level security. Use `db` from the handler context.",
      opened:
        "A database connection opened in request code ({{name}}): it bypasses the request's transaction and row-level security. Use `db` from the handler context.",
    },
    defaultOptions: [],
    schema: [],
  },
  create(context) {
    return {
      'CallExpression, NewExpression'(node: TSESTree.CallExpression | TSESTree.NewExpression) {
        const handler = enclosingHandler(node);
        const callee = node.callee;
        const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
        if (
          handler !== undefined &&
          name !== undefined &&
          connectionFactories.test(name) &&
          (node.type === AST_NODE_TYPES.NewExpression || /^open|^create|^postgres$/.test(name))
        ) {
          context.report({ node, messageId: 'opened', data: { name } });
          return;
        }
        if (node.type !== AST_NODE_TYPES.CallExpression || callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : '';
        const { root, methods } = callChain(callee);
        // Only the first query method of a chain is judged (its root is the handle).
        if (!queryMethods.has(method) || methods.slice(0, -1).some((m) => queryMethods.has(m))) return;
        if (root.type !== AST_NODE_TYPES.Identifier) return;
        if (!unscoped(context.sourceCode.getScope(node), root.name, handler, method)) return;
        context.report({ node, messageId: 'outside', data: { name: root.name } });
      },
      CallExpression(node) {
        // sql`…`.execute(handle)
        if (
          node.callee.type !== AST_NODE_TYPES.MemberExpression ||
          node.callee.object.type !== AST_NODE_TYPES.TaggedTemplateExpression
        )
          return;
        if (node.callee.property.type !== AST_NODE_TYPES.Identifier || node.callee.property.name !== 'execute') return;
        const handle = node.arguments[0];
        if (handle?.type !== AST_NODE_TYPES.Identifier) return;
        if (!unscoped(context.sourceCode.getScope(node), handle.name, enclosingHandler(node), 'execute')) return;
        context.report({ node, messageId: 'outside', data: { name: handle.name } });
      },
    };
  },
});

type Scope = Parameters<typeof ASTUtils.findVariable>[0];

/**
 * Inside a handler: any handle not bound in the handler (its context or a local). Anywhere in the file: a handle
 * imported from another module, or a module-level one made by a connection factory (`new Kysely(…)`, `openDatabase()`),
 * which no request scoped. Generic names (`query`, `exec`) count only on receivers named like a database.
 */
function unscoped(scope: Scope, name: string, handler: HandlerFunction | undefined, method: string): boolean {
  const variable = ASTUtils.findVariable(scope, name);
  const definition = variable?.defs[0];
  if (/^(query|exec|execute)$/.test(method) && !/(db|database|pool|client|sql|pg|kysely)/i.test(name)) return false;
  if (handler !== undefined) {
    if (definition === undefined) return true;
    const [start, end] = handler.node.range;
    return !(definition.name.range[0] >= start && definition.name.range[1] <= end);
  }
  if (definition === undefined) return false;
  if (definition.type === DefinitionType.ImportBinding) return true;
  if (definition.type !== DefinitionType.Variable || definition.node.type !== AST_NODE_TYPES.VariableDeclarator)
    return false;
  if (
    definition.node.parent.parent?.type !== AST_NODE_TYPES.Program &&
    definition.node.parent.parent?.type !== AST_NODE_TYPES.ExportNamedDeclaration
  ) {
    return false;
  }
  const init = definition.node.init;
  const made =
    init?.type === AST_NODE_TYPES.NewExpression || init?.type === AST_NODE_TYPES.CallExpression
      ? init.callee
      : undefined;
  return made?.type === AST_NODE_TYPES.Identifier && connectionFactories.test(made.name);
}
